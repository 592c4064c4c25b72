import * as http from "http";
import { JWK } from "jose";
import { listenPausable, readBody, sendJson } from "../standins/server";
import { CognitoError, initiateAuth } from "./cognitoApi";
import { loadOrCreateSigningKey } from "./keys";
import { clientCredentialsToken } from "./oauth2";
import { createTokenIssuer } from "./tokens";
import { IdentityProviderOptions } from "./types";

export { IdentityProviderOptions, IdpClient, IdpUser } from "./types";
export { secretHash } from "./cognitoApi";

/** A running identity provider. */
export interface IdentityProvider {
    /** `http://127.0.0.1:PORT/{userPoolId}`, the `iss` of every token. */
    readonly issuer: string;
    /** `{issuer}/.well-known/jwks.json`. */
    readonly jwksUrl: string;
    /** `http://127.0.0.1:PORT/oauth2/token`. */
    readonly tokenEndpoint: string;
    /** `http://127.0.0.1:PORT`, the endpoint for `CognitoIdentityProviderClient`. */
    readonly cognitoEndpoint: string;
    /** The private signing JWK, for tests that must forge tokens. */
    readonly privateJwk: JWK;
    stop(): Promise<void>;
}

const INITIATE_AUTH = "AWSCognitoIdentityProviderService.InitiateAuth";

/**
 * Starts a Cognito-compatible identity provider for one user pool on 127.0.0.1.
 *
 * Serves the JWKS and OpenID configuration under the issuer, the OAuth2 token endpoint (client_credentials) and
 * the Cognito JSON API's InitiateAuth (USER_PASSWORD_AUTH) at `POST /`, so the real SDK client works unchanged.
 *
 * @param opts - the pool: clients, users, group scopes, token lifetime and optional key persistence.
 */
export async function startIdentityProvider(opts: IdentityProviderOptions): Promise<IdentityProvider> {
    // Any one path segment: Cognito's ids look like `${region}_AbC123`, but local mode serves the id the program
    // names, which under mocks is the pool's name.
    if (!/^[\w.-]+$/.test(opts.userPoolId)) {
        throw new Error(`[userPoolId] must be one URL path segment (letters, digits, _ . -), like ${opts.region}_AbC123, got ${opts.userPoolId}`);
    }
    if (!(opts.accessTokenMinutes > 0)) throw new Error(`[accessTokenMinutes] must be positive, got ${opts.accessTokenMinutes}`);
    const key = await loadOrCreateSigningKey(opts.persistDir);
    // The issuer contains the port, known only once listening; requests before the routes exist get a 503.
    let handler: http.RequestListener = (_req, res) => sendJson(res, 503, { message: "starting" });
    const server = http.createServer((req, res) => handler(req, res));
    const listening = await listenPausable(server, { port: opts.port });
    const issuer = `${listening.endpoint}/${opts.userPoolId}`;
    const tokens = createTokenIssuer(issuer, key, opts.accessTokenMinutes);
    const pool = { clients: opts.clients, users: opts.users, groupScopes: opts.groupScopes, issuer: tokens };
    const tokenEndpoint = `${listening.endpoint}/oauth2/token`;
    const openIdConfiguration = {
        issuer,
        jwks_uri: `${issuer}/.well-known/jwks.json`,
        token_endpoint: tokenEndpoint,
        response_types_supported: ["token"],
        grant_types_supported: ["client_credentials"],
        subject_types_supported: ["public"],
        id_token_signing_alg_values_supported: ["RS256"],
        token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
        scopes_supported: [...new Set(opts.clients.flatMap((c) => c.scopes))],
    };
    const routes: Record<string, (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>> = {
        [`GET /${opts.userPoolId}/.well-known/jwks.json`]: async (_req, res) => sendJson(res, 200, { keys: [key.publicJwk] }),
        [`GET /${opts.userPoolId}/.well-known/openid-configuration`]: async (_req, res) => sendJson(res, 200, openIdConfiguration),
        "POST /oauth2/token": async (req, res) => {
            const form = new URLSearchParams(await readBody(req));
            const answer = await clientCredentialsToken(form, req.headers.authorization, opts.clients, tokens);
            sendJson(res, answer.status, answer.body, { "cache-control": "no-store" });
        },
        "POST /": async (req, res) => {
            const contentType = "application/x-amz-json-1.1";
            try {
                if (req.headers["x-amz-target"] !== INITIATE_AUTH) {
                    throw new CognitoError("UnknownOperationException", `Operation ${req.headers["x-amz-target"]} is not supported.`);
                }
                sendJson(res, 200, await initiateAuth(parseJson(await readBody(req)), pool), {}, contentType);
            } catch (err) {
                // Never the exception's text: a real service does not answer with its stack or internals.
                const error = err instanceof CognitoError ? err : new CognitoError("InternalErrorException", "Internal server error.", 500);
                sendJson(res, error.status, { __type: error.type, message: error.message }, { "x-amzn-errortype": error.type }, contentType);
            }
        },
    };
    handler = (req, res) => {
        const route = routes[`${req.method} ${(req.url ?? "").split("?")[0]}`];
        if (!route) return sendJson(res, 404, { message: `No route for ${req.method} ${req.url}` });
        route(req, res).catch(() => sendJson(res, 500, { message: "Internal server error." }));
    };
    return {
        issuer,
        jwksUrl: openIdConfiguration.jwks_uri,
        tokenEndpoint,
        cognitoEndpoint: listening.endpoint,
        privateJwk: key.privateJwk,
        stop: () => listening.stop(),
    };
}

function parseJson(text: string): unknown {
    try {
        return JSON.parse(text) as unknown;
    } catch {
        throw new CognitoError("SerializationException", "The request body is not valid JSON.");
    }
}
