import * as fs from "fs";
import * as path from "path";
import type { StackConfig } from "../config/schema";
import { fullScope, GROUP_SCOPES, RESOURCE_SERVER, SERVICE_CLIENT_SCOPES } from "../contract";
import { startIdentityProvider, type IdentityProvider, type IdpClient, type IdpUser } from "./idp";
import { persistentValues, randomSecret } from "./secrets";

/** The demo pool: a public web client, a confidential service client and one user per group. */
export interface DemoIdentity {
    idp: IdentityProvider;
    userPoolId: string;
    webClient: IdpClient;
    serviceClient: IdpClient;
    users: IdpUser[];
}

/** The program's ids of the pool and of its clients, which the local pool takes as its own. */
export interface PoolIds {
    userPoolId: string;
    webClientId: string;
    serviceClientId: string;
}

/**
 * Starts the local Cognito-compatible pool with the clients and demo users the README's quick start uses. Group
 * scopes come from the contract (`GROUP_SCOPES`), as the pre-token-generation trigger adds them in AWS.
 */
export async function startDemoIdentity(config: StackConfig, ids: PoolIds, persistDir?: string): Promise<DemoIdentity> {
    const { userPoolId } = ids;
    const secrets = persistentValues(persistDir, "identity", () => ({ serviceClientSecret: randomSecret(), adminPassword: `Admin-${randomSecret(9)}`, customerPassword: `Customer-${randomSecret(9)}` }));
    const webClient: IdpClient = {
        clientId: ids.webClientId,
        name: "web",
        flows: ["user_password"],
        scopes: Object.values(GROUP_SCOPES).flat().map(fullScope),
    };
    const serviceClient: IdpClient = {
        clientId: ids.serviceClientId,
        clientSecret: secrets.serviceClientSecret,
        name: "service",
        flows: ["client_credentials"],
        scopes: SERVICE_CLIENT_SCOPES.map(fullScope),
    };
    const users: IdpUser[] = [
        { username: "admin", password: secrets.adminPassword, email: "admin@example.com", groups: ["admin"] },
        { username: "customer", password: secrets.customerPassword, email: "customer@example.com", groups: ["customer"] },
    ];
    const options = {
        region: config.region,
        userPoolId,
        resourceServer: RESOURCE_SERVER,
        clients: [webClient, serviceClient],
        users,
        groupScopes: Object.fromEntries(Object.entries(GROUP_SCOPES).map(([g, scopes]) => [g, scopes.map(fullScope)])),
        accessTokenMinutes: config.auth.accessTokenMinutes,
        persistDir: persistDir === undefined ? undefined : `${persistDir}/idp`,
    };
    const idp = await startOnRememberedPort(persistDir, (port) => startIdentityProvider({ ...options, port }));
    return { idp, userPoolId, webClient, serviceClient, users };
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
