import * as http from "http";
import { randomUUID } from "crypto";
import { listenPausable, PausableServer, readBody, sendJson } from "./server";

/** Options of {@link startSecretsManager}. */
export interface SecretsManagerOptions {
    /** Port to listen on. Default `0` (any free port). */
    port?: number;
    /** Secret strings by ARN (or name); `GetSecretValue` finds a secret by either. */
    secrets: Record<string, string>;
}

/** A running Secrets Manager stand-in; point `SecretsManagerClient` at `endpoint` (or `AWS_ENDPOINT_URL_SECRETS_MANAGER`). */
export type SecretsManagerStandIn = PausableServer;

const JSON_11 = "application/x-amz-json-1.1";

/**
 * Serves `GetSecretValue` in the AWS JSON 1.1 protocol the SDK speaks (`X-Amz-Target:
 * secretsmanager.GetSecretValue`), so the real `SecretsManagerClient` works locally. Unknown secrets get
 * `ResourceNotFoundException`, any other operation `UnknownOperationException`, as the service answers them.
 *
 * @param opts - port and the secrets to serve.
 */
export async function startSecretsManager(opts: SecretsManagerOptions): Promise<SecretsManagerStandIn> {
    const created = Date.now() / 1000;
    const versions = new Map(Object.keys(opts.secrets).map((id) => [id, randomUUID()]));
    const fail = (res: http.ServerResponse, type: string, message: string) =>
        sendJson(res, 400, { __type: type, message }, { "x-amzn-errortype": type }, JSON_11);
    const server = http.createServer((req, res) => {
        void (async () => {
            const target = String(req.headers["x-amz-target"] ?? "");
            let body: unknown;
            try {
                body = JSON.parse((await readBody(req)) || "{}");
            } catch {
                return fail(res, "SerializationException", "The request body is not valid JSON.");
            }
            // The service deserializes the body into its input structure first: anything but an object (null, an
            // array, a string) or a SecretId that is not a string is refused there, before any lookup.
            if (typeof body !== "object" || body === null || Array.isArray(body)) return fail(res, "SerializationException", "The request body is not a JSON object.");
            const secretId = (body as { SecretId?: unknown }).SecretId;
            if (secretId !== undefined && typeof secretId !== "string") return fail(res, "SerializationException", "SecretId must be a string.");
            if (target !== "secretsmanager.GetSecretValue") return fail(res, "UnknownOperationException", `Unsupported operation ${target}.`);
            const id = secretId ?? "";
            const secret = opts.secrets[id];
            if (secret === undefined) return fail(res, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
            const name = id.startsWith("arn:") ? id.split(":").slice(6).join(":") : id;
            sendJson(
                res,
                200,
                { ARN: id, Name: name, VersionId: versions.get(id), SecretString: secret, VersionStages: ["AWSCURRENT"], CreatedDate: created },
                {},
                JSON_11,
            );
        })();
    });
    return listenPausable(server, { port: opts.port });
}
