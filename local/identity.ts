import * as fs from "fs";
import * as path from "path";
import { AUTH_LAYER_DEFAULTS } from "../components/defaults";
import type { StackConfig } from "../config/schema";
import { fullScope, GROUP_SCOPES, RESOURCE_SERVER, SERVICE_CLIENT_SCOPES } from "../contract";
import { startIdentityProvider, type IdentityProvider, type IdpClient, type IdpUser } from "./idp";
import { persistentValues, randomSecret } from "./secrets";

/** The demo pool: the stack's clients (web, service, and cli where configured) and one user per group. */
export interface DemoIdentity {
    idp: IdentityProvider;
    userPoolId: string;
    webClient: IdpClient;
    serviceClient: IdpClient;
    /** The password client, where `auth.passwordClient` is on. */
    cliClient?: IdpClient;
    users: IdpUser[];
}

/** The program's ids of the pool and of its clients, which the local pool takes as its own. */
export interface PoolIds {
    userPoolId: string;
    webClientId: string;
    serviceClientId: string;
    /** The password client's id; undefined where `auth.passwordClient` is off. */
    cliClientId?: string;
}

/**
 * Starts the local Cognito-compatible pool with the clients and demo users the README's quick start uses. Each
 * client allows exactly the flows, scopes and URLs its deployed twin in components/authLayer.ts does (web: code
 * with PKCE and refresh; service: client credentials; cli: USER_PASSWORD_AUTH and refresh), so what works here
 * works after `pulumi up`. Group scopes come from the contract (`GROUP_SCOPES`), as the trigger adds them in AWS.
 */
export async function startDemoIdentity(config: StackConfig, ids: PoolIds, persistDir?: string): Promise<DemoIdentity> {
    const { userPoolId } = ids;
    const secrets = await persistentValues(persistDir, "identity", () => ({ serviceClientSecret: randomSecret(), adminPassword: `Admin-${randomSecret(9)}`, customerPassword: `Customer-${randomSecret(9)}` }));
    const webClient: IdpClient = {
        clientId: ids.webClientId,
        name: "web",
        flows: ["code", "refresh_token"],
        scopes: [...new Set(Object.values(GROUP_SCOPES).flat())].map(fullScope).concat(AUTH_LAYER_DEFAULTS.webClientOidcScopes),
        // Copies: local mode adds its own portal's sign-in page (local/app.ts), as a stack lists its portal's.
        callbackUrls: [...config.auth.callbackUrls],
        logoutUrls: [...config.auth.logoutUrls],
    };
    const serviceClient: IdpClient = {
        clientId: ids.serviceClientId,
        clientSecret: secrets.serviceClientSecret,
        name: "service",
        // ALLOW_REFRESH_TOKEN_AUTH as deployed; inert, since client credentials issue no refresh token.
        flows: ["client_credentials", "refresh_token"],
        scopes: SERVICE_CLIENT_SCOPES.map(fullScope),
    };
    const cliClient: IdpClient | undefined = ids.cliClientId === undefined ? undefined : {
        clientId: ids.cliClientId,
        name: "cli",
        flows: ["user_password", "refresh_token"],
        scopes: [],
    };
    const users: IdpUser[] = [
        { username: "admin", password: secrets.adminPassword, email: "admin@example.com", groups: ["admin"] },
        { username: "customer", password: secrets.customerPassword, email: "customer@example.com", groups: ["customer"] },
    ];
    const options = {
        region: config.region,
        userPoolId,
        resourceServer: RESOURCE_SERVER,
        clients: cliClient ? [webClient, serviceClient, cliClient] : [webClient, serviceClient],
        users,
        groupScopes: Object.fromEntries(Object.entries(GROUP_SCOPES).map(([g, scopes]) => [g, scopes.map(fullScope)])),
        accessTokenMinutes: config.auth.accessTokenMinutes,
        persistDir: persistDir === undefined ? undefined : `${persistDir}/idp`,
    };
    const idp = await startOnRememberedPort(persistDir, (port) => startIdentityProvider({ ...options, port }));
    return { idp, userPoolId, webClient, serviceClient, cliClient, users };
}

/**
 * Starts the identity provider on the port it had in the previous run of the same `persistDir`, because the
 * issuer URL contains the port: on another port every token issued before the restart would fail the issuer
 * check. Without `persistDir`, or when that port is taken now, it takes a free port.
 */
async function startOnRememberedPort(persistDir: string | undefined, start: (port: number) => Promise<IdentityProvider>): Promise<IdentityProvider> {
    const file = persistDir === undefined ? undefined : path.join(persistDir, "identity-port.json");
    const remembered = file !== undefined && fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as { port: number }).port : 0;
    let idp: IdentityProvider;
    try {
        idp = await start(remembered);
    } catch (err) {
        if (remembered === 0 || (err as NodeJS.ErrnoException).code !== "EADDRINUSE") throw err;
        idp = await start(0);
    }
    if (file !== undefined) fs.writeFileSync(file, JSON.stringify({ port: Number(new URL(idp.issuer).port) }));
    return idp;
}
