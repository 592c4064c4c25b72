import type { LocalEndpoints } from "../../local/howTo";
import { signInThroughHostedUi } from "../../local/signIn";
import type { Target } from "./battery";

/**
 * Tokens from a Cognito-compatible identity provider, as a client gets them: InitiateAuth (USER_PASSWORD_AUTH, the
 * cli client) or the hosted UI for users, and the OAuth2 token endpoint (client_credentials) for services. Works against the local IdP from
 * `.local/endpoints.json`; against AWS, tokens are passed to the battery instead.
 */

/** The tokens of one sign-in. */
export interface SignedIn {
    accessToken: string;
    idToken: string;
}

/**
 * Signs a user in as the stack allows scripts to: InitiateAuth USER_PASSWORD_AUTH with the cli client where it
 * exists (the web client refuses that flow, as deployed), else through the hosted UI with the web client.
 */
export async function signIn(e: Pick<LocalEndpoints, "cognitoEndpoint" | "clients" | "authorizationEndpoint" | "tokenEndpoint">, username: string, password: string): Promise<SignedIn> {
    if (e.clients.cli === undefined) {
        const hostedUi = { authorizationEndpoint: e.authorizationEndpoint, tokenEndpoint: e.tokenEndpoint, clientId: e.clients.web.clientId, redirectUri: e.clients.web.callbackUrl };
        const tokens = await signInThroughHostedUi(hostedUi, username, password);
        return { accessToken: tokens.access_token, idToken: tokens.id_token };
    }
    const res = await fetch(`${e.cognitoEndpoint}/`, {
        method: "POST",
        headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": "AWSCognitoIdentityProviderService.InitiateAuth" },
        body: JSON.stringify({ AuthFlow: "USER_PASSWORD_AUTH", ClientId: e.clients.cli.clientId, AuthParameters: { USERNAME: username, PASSWORD: password } }),
    });
    const body = (await res.json()) as { AuthenticationResult?: { AccessToken: string; IdToken: string }; message?: string };
    if (!res.ok || body.AuthenticationResult === undefined) throw new Error(`sign-in of ${username} failed: ${res.status} ${body.message ?? ""}`);
    return { accessToken: body.AuthenticationResult.AccessToken, idToken: body.AuthenticationResult.IdToken };
}

/** A client_credentials access token of the service client, with `scope` (space-separated) if given. */
export async function serviceToken(e: Pick<LocalEndpoints, "tokenEndpoint" | "clients">, scope?: string): Promise<string> {
    const form = new URLSearchParams({ grant_type: "client_credentials", ...(scope === undefined ? {} : { scope }) });
    const basic = Buffer.from(`${e.clients.service.clientId}:${e.clients.service.clientSecret}`).toString("base64");
    const res = await fetch(e.tokenEndpoint, { method: "POST", headers: { authorization: `Basic ${basic}`, "content-type": "application/x-www-form-urlencoded" }, body: form });
    const body = (await res.json()) as { access_token?: string; error?: string };
    if (!res.ok || body.access_token === undefined) throw new Error(`client_credentials failed: ${res.status} ${body.error ?? ""}`);
    return body.access_token;
}

/** The user of `endpoints.users` in `group`. */
export function userIn(e: Pick<LocalEndpoints, "users">, group: string): { username: string; password: string } {
    const user = e.users.find((u) => u.groups.includes(group));
    if (user === undefined) throw new Error(`no local user in group ${group}`);
    return user;
}

/**
 * The battery's credentials for a local API, from its endpoints file: the largest tier's key, the demo customer's
 * access and id tokens, the admin's access token, the service client's catalog-only token and the SigV4 credential;
 * the smallest tier's key is the one whose quota the battery may exhaust.
 */
export async function localCredentials(e: LocalEndpoints): Promise<{ creds: Target["creds"]; quotaKey: string }> {
    const keys = Object.values(e.apiKeys);
    const byTier = (tier: string) => keys.find((k) => k.tier === tier)?.value ?? (keys[0]?.value as string);
    const [customer, admin] = [userIn(e, "customer"), userIn(e, "admin")];
    const signedIn = await signIn(e, customer.username, customer.password);
    return {
        creds: {
            apiKey: byTier("enterprise"),
            token: signedIn.accessToken,
            idToken: signedIn.idToken,
            adminToken: (await signIn(e, admin.username, admin.password)).accessToken,
            serviceToken: await serviceToken(e, "portcullis/catalog.read"),
            iam: { accessKeyId: e.iamCredentials.accessKeyId, secretAccessKey: e.iamCredentials.secretAccessKey, region: e.iamCredentials.region, baseUrl: e.internalApiUrl },
        },
        quotaKey: byTier("basic"),
    };
}
