import { GetSecretValueCommand, type SecretsManagerClient } from "@aws-sdk/client-secrets-manager";

/**
 * A secret's string, read from Secrets Manager once per container on first use. A failed read is not cached: the
 * next call tries again, so a Secrets Manager outage during one request does not poison the container.
 *
 * @param client - the function's Secrets Manager client (`secretsClient()`).
 * @param secretArn - the secret's ARN from the environment.
 * @param what - what the secret holds, for the error when it has no `SecretString`.
 */
export function cachedSecret(client: SecretsManagerClient, secretArn: string, what: string): () => Promise<string> {
    let value: Promise<string> | undefined;
    return () => {
        value ??= client.send(new GetSecretValueCommand({ SecretId: secretArn })).then((out) => {
            if (!out.SecretString) throw new Error(`The ${what} secret has no SecretString`);
            return out.SecretString;
        });
        value.catch(() => (value = undefined));
        return value;
    };
}
