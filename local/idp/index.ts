import * as http from "http";
import { JWK } from "jose";
import { listenPausable, readBody, sendJson } from "../standins/server";
import { CognitoError, initiateAuth, type Pool } from "./cognitoApi";
import { authorize, errorPage, login, loginPage, logout, sendHostedUi, sessionCookie } from "./hostedUi";
import { loadOrCreateSigningKey } from "./keys";
import { tokenEndpoint } from "./oauth2";
import { Sessions } from "./sessions";
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
    /** `http://127.0.0.1:PORT/oauth2/authorize`, the hosted UI's entry (the login page is `/login`). */
    readonly authorizationEndpoint: string;
    /** `http://127.0.0.1:PORT/logout`. */
    readonly logoutEndpoint: string;
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
 * Serves the JWKS and OpenID configuration under the issuer; the hosted UI's `/oauth2/authorize` (code with
 * PKCE), `/login`, `/logout` and `/error`; the token endpoint (client_credentials, authorization_code,
 * refresh_token); and the Cognito JSON API's InitiateAuth (USER_PASSWORD_AUTH, REFRESH_TOKEN_AUTH) at `POST /`, so
 * the real SDK client works unchanged. Each client gets exactly the flows its `flows` list allows.
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
    const pool: Pool = { clients: opts.clients, users: opts.users, groupScopes: opts.groupScopes, issuer: tokens, sessions: new Sessions(), resourceServer: opts.resourceServer };
    const tokenUrl = `${listening.endpoint}/oauth2/token`;
    const authorizationEndpoint = `${listening.endpoint}/oauth2/authorize`;
    const openIdConfiguration = {
        issuer,
        jwks_uri: `${issuer}/.well-known/jwks.json`,
        authorization_endpoint: authorizationEndpoint,
        token_endpoint: tokenUrl,
        end_session_endpoint: `${listening.endpoint}/logout`,
        response_types_supported: ["code"],
        grant_types_supported: ["authorization_code", "refresh_token", "client_credentials"],
        code_challenge_methods_supported: ["S256"],
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
            const answer = await tokenEndpoint(form, req.headers.authorization, pool);
            // Browsers redeem codes here from the app's origin (the portal's console), as with Cognito's token
            // endpoint; a form POST needs no preflight, only this header on the answer.
            const cors: Record<string, string> = req.headers.origin ? { "access-control-allow-origin": req.headers.origin, vary: "Origin" } : {};
            sendJson(res, answer.status, answer.body, { "cache-control": "no-store", ...cors });
        },
        "GET /oauth2/authorize": async (req, res) => sendHostedUi(res, authorize(query(req), sessionCookie(req), pool)),
        "GET /login": async (req, res) => sendHostedUi(res, loginPage(query(req), pool)),
        "POST /login": async (req, res) => sendHostedUi(res, login(new URLSearchParams(await readBody(req)), pool)),
        "GET /logout": async (req, res) => sendHostedUi(res, logout(query(req), sessionCookie(req), pool)),
        "GET /error": async (req, res) => sendHostedUi(res, errorPage(query(req))),
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
        tokenEndpoint: tokenUrl,
        authorizationEndpoint,
        logoutEndpoint: `${listening.endpoint}/logout`,
        cognitoEndpoint: listening.endpoint,
        privateJwk: key.privateJwk,
        stop: () => listening.stop(),
    };
}

function query(req: http.IncomingMessage): URLSearchParams {
    return new URL(req.url ?? "/", "http://localhost").searchParams;
}

function parseJson(text: string): unknown {
    try {
        return JSON.parse(text) as unknown;
    } catch {
        throw new CognitoError("SerializationException", "The request body is not valid JSON.");
    }
}
