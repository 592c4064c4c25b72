import { S3Client } from "@aws-sdk/client-s3";
import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { createPublicKey } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { GATEWAY_COMPONENT_DEFAULTS } from "../components/gatewayWithTiers";
import { PROJECT_ROOT, rawConfig, readStackFile } from "../config/stackFile";
import { parseConfig } from "../config/parse";
import type { StackConfig } from "../config/schema";
import { API_VERSION, ROUTE_FUNCTIONS } from "../contract";
import type { FunctionName, Handler } from "../handlers";
import { buildPortal } from "../portal/build";
import { cognitoOAuthUrls } from "../portal/guides";
import { portalHandler } from "../portal/static";
import { frontDoor, signedReceipts, type FrontHandler } from "./edge";
import { startGateway, type ApiKeyBinding, type RunningGateway } from "./gateway";
import { howTo, type LocalEndpoints } from "./howTo";
import { startDemoIdentity, type DemoIdentity } from "./identity";
import { loadPackage, serializePackage } from "./program/packages";
import { persistentValues, randomSecret, rsaKeyPair } from "./secrets";
import { seedDemoData, signIn } from "./seed";
import { LOCAL_CREDENTIALS, startStores, type LocalStores, type StoreNames } from "./stores";

/** Options of {@link startLocal}. */
export interface LocalOptions {
    /** Port of the API. Default 3000; 0 picks a free one. */
    port?: number;
    /** Keep data, keys and secrets here between runs. Default: none, everything fresh each start. */
    persistDir?: string;
    /** Stack whose config the API runs with. Default `dev`. */
    stack?: string;
    /**
     * Raw `namespace:key` values laid over the stack file before validation, as `pulumi config set` would (e.g. a
     * whole `portcullis:gateway` section with a tiny quota for a test). Default: none.
     */
    configOverrides?: Record<string, unknown>;
    /** Where `endpoints.json`, `access.log` and the portal go. Default `<project>/.local`. */
    outDir?: string;
}

/** What the running app has counted, for tests and proofs. */
export interface LocalStats {
    /** Invocations per function since start, the authorizer's included (seeding counts too). */
    invocations: Partial<Record<FunctionName, number>>;
}

/** The whole API running locally. */
export interface LocalApp {
    endpoints: LocalEndpoints;
    gateway: RunningGateway;
    /** The validated config the gateway and functions run with. */
    config: StackConfig;
    /** The stand-ins (pausable) and the environment the function packages were loaded with. */
    stores: LocalStores;
    env: Readonly<Record<string, string>>;
    identity: DemoIdentity;
    stats: LocalStats;
    /** Stops the gateway, the identity provider and every stand-in; every port is closed when it resolves. */
    stop(): Promise<void>;
}

const ACCOUNT_ID = "123456789012";
const LOADED_FUNCTIONS: readonly FunctionName[] = [...ROUTE_FUNCTIONS, "authorizer", "migrate"];
/** The CloudFront public key's id locally; the deployed one is `aws.cloudfront.PublicKey`'s id. */
const LOCAL_KEY_PAIR_ID = "KLOCALSIGNINGKEY";

/** The stack's config, with `overrides` laid over its file, through the program's own validator. */
function localConfig(stack: string, overrides: Record<string, unknown>): StackConfig {
    const values = { ...readStackFile(stack), ...overrides };
    return parseConfig(rawConfig(stack, (key) => values[key]));
}

/**
 * Starts the whole API offline, as `pulumi up` would run it for the stack: the stand-ins, the identity provider,
 * the gateway on `port` with CloudFront's `/docs` and `/receipts/*` behaviours in front, the serialized function
 * packages with their environment pointing the real SDK clients at the stand-ins, migrations through the migrate
 * function, the portal, and demo data seeded through the API itself.
 */
export async function startLocal(options: LocalOptions = {}): Promise<LocalApp> {
    const stack = options.stack ?? "dev";
    const config = localConfig(stack, options.configOverrides ?? {});
    const outDir = options.outDir ?? path.join(PROJECT_ROOT, ".local");
    fs.mkdirSync(outDir, { recursive: true });
    const names: StoreNames = {
        region: config.region,
        accountId: ACCOUNT_ID,
        table: `${config.prefix}-catalog`,
        assetsBucket: `${config.prefix}-assets`,
        privateBucket: `${config.prefix}-private`,
        clusterArn: `arn:aws:rds:${config.region}:${ACCOUNT_ID}:cluster:${config.prefix}-orders`,
        dbSecretArn: `arn:aws:secretsmanager:${config.region}:${ACCOUNT_ID}:secret:${config.prefix}-db-Local01`,
        dbName: "postgres",
        signingSecretArn: `arn:aws:secretsmanager:${config.region}:${ACCOUNT_ID}:secret:${config.prefix}-signing-Local01`,
    };
    const keep = persistentValues(options.persistDir, "local", () => ({
        signingKey: rsaKeyPair(),
        stockCredential: { accessKeyId: `AKIALOCAL${randomSecret(8).toUpperCase().replace(/[^A-Z0-9]/g, "X").slice(0, 11)}`, secretAccessKey: randomSecret() },
        apiKeys: config.gateway.apiClients.map((c, i) => ({ id: `localkey${i + 1}`, value: randomSecret(), tier: c.tier, name: c.name })),
    }));
    const apiKeys: ApiKeyBinding[] = keep.apiKeys;
    if (apiKeys.length === 0) throw new Error(`Pulumi.${stack}.yaml has no portcullis:gateway.apiClients: local mode needs at least one API key`);
    const stats: LocalStats = { invocations: {} };
    const stopAll: (() => Promise<void>)[] = [];
    // Serializing the packages takes seconds and needs no environment: it runs while the stand-ins start.
    const serialized = Promise.all(LOADED_FUNCTIONS.map((fn) => serializePackage(fn)));
    serialized.catch(() => undefined);
    try {
        const stores = await startStores(names, { [names.dbSecretArn]: JSON.stringify({ username: "postgres", password: "local" }), [names.signingSecretArn]: keep.signingKey.privateKeyPem }, options.persistDir);
        stopAll.push(() => stores.stop());
        const identity = await startDemoIdentity(config, options.persistDir);
        stopAll.push(() => identity.idp.stop());

        const handlers = new Map<FunctionName, Handler>();
        // The URLs of the portal and of receipts are the gateway's own, known once it listens; until the handlers
        // below are set, nothing is claimed in front and no function is loaded (requests get 502s).
        let front: FrontHandler = () => false;
        const accessLog = fs.createWriteStream(path.join(outDir, "access.log"), { flags: "a" });
        stopAll.push(() => new Promise<void>((resolve) => accessLog.end(() => resolve())));
        const gateway = await startGateway({
            config,
            port: options.port ?? 3000,
            accountId: ACCOUNT_ID,
            apiKeys,
            credentials: { [keep.stockCredential.accessKeyId]: keep.stockCredential.secretAccessKey },
            accessLog: { sink: accessLog, format: GATEWAY_COMPONENT_DEFAULTS.accessLogFormat },
            front: (req, res) => front(req, res),
            invoke: async (fn, event, context) => {
                const handler = handlers.get(fn as FunctionName);
                if (handler === undefined) throw new Error(`No local package for ${fn}`);
                stats.invocations[fn as FunctionName] = (stats.invocations[fn as FunctionName] ?? 0) + 1;
                // What the Lambda runtime publishes per invocation; the handlers' logger reads it.
                process.env._X_AMZN_TRACE_ID = context.xRayTraceId;
                return handler(event, context);
            },
        });
        stopAll.push(() => gateway.close());

        const env: Record<string, string> = {
            ...stores.env,
            ISSUER: identity.idp.issuer,
            USER_POOL_ID: identity.userPoolId,
            ALLOWED_CLIENT_IDS: [identity.webClient.clientId, identity.serviceClient.clientId].join(","),
            SIGNING_KEY_SECRET_ARN: names.signingSecretArn,
            SIGNING_KEY_PAIR_ID: LOCAL_KEY_PAIR_ID,
            // As deployed: the distribution's URL, whose /receipts/* behaviour serves the private bucket.
            RECEIPTS_BASE_URL: gateway.url,
            API_VERSION,
            CORS_ORIGINS: config.gateway.corsOrigins.join(","),
            LOG_LEVEL: "WARN",
            POWERTOOLS_METRICS_DISABLED: "true",
        };
        await serialized;
        for (const fn of LOADED_FUNCTIONS) handlers.set(fn, await loadPackage(fn, env));
        await handlers.get("migrate")!({});

        const portalDir = path.join(outDir, "portal");
        buildPortal({ outDir: portalDir, stack, apiBaseUrl: gateway.url, oauth: { ...cognitoOAuthUrls(config), tokenUrl: identity.idp.tokenEndpoint } });
        front = frontDoor([
            portalHandler(portalDir, "/docs"),
            signedReceipts({
                baseUrl: gateway.url,
                keyPairId: LOCAL_KEY_PAIR_ID,
                publicKeyPem: await signingPublicKey(stores, names.signingSecretArn, config.region),
                bucket: names.privateBucket,
                s3: new S3Client({ region: config.region, endpoint: stores.endpoints.s3, forcePathStyle: true, credentials: LOCAL_CREDENTIALS }),
            }),
        ]);

        const [admin, customer] = ["admin", "customer"].map((g) => identity.users.find((u) => u.groups.includes(g))!);
        const token = (u: typeof admin) => signIn(identity.idp.cognitoEndpoint, identity.webClient.clientId, u.username, u.password);
        const seedKey = apiKeys.find((k) => k.tier === "enterprise") ?? apiKeys[0];
        const demo = await seedDemoData({ apiUrl: gateway.url, apiKey: seedKey.value, adminToken: await token(admin), customerToken: await token(customer) });

        const endpoints: LocalEndpoints = {
            apiUrl: gateway.url,
            docsUrl: `${gateway.url}/docs/`,
            region: config.region,
            issuer: identity.idp.issuer,
            tokenEndpoint: identity.idp.tokenEndpoint,
            cognitoEndpoint: identity.idp.cognitoEndpoint,
            userPoolId: identity.userPoolId,
            clients: {
                web: { clientId: identity.webClient.clientId },
                service: { clientId: identity.serviceClient.clientId, clientSecret: identity.serviceClient.clientSecret! },
            },
            apiKeys: Object.fromEntries(apiKeys.map((k) => [k.name, { tier: k.tier, id: k.id, value: k.value }])),
            users: identity.users.map((u) => ({ username: u.username, password: u.password, groups: u.groups })),
            iamCredentials: { ...keep.stockCredential, region: config.region, service: "execute-api" },
            demo,
            stores: stores.endpoints,
        };
        fs.writeFileSync(path.join(outDir, "endpoints.json"), `${JSON.stringify(endpoints, null, 2)}\n`, { mode: 0o600 });
        return { endpoints, gateway, config, stores, env, identity, stats, stop: () => stopInReverse(stopAll) };
    } catch (err) {
        await stopInReverse(stopAll);
        throw err;
    }
}

/**
 * The public half of the key pair whose private key the receipt function reads from Secrets Manager, derived from
 * that very secret, so the local distribution trusts exactly the key that signs.
 */
async function signingPublicKey(stores: LocalStores, secretArn: string, region: string): Promise<string> {
    const client = new SecretsManagerClient({ region, endpoint: stores.endpoints.secretsManager, credentials: LOCAL_CREDENTIALS });
    const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: secretArn }));
    if (SecretString === undefined) throw new Error(`The signing key secret ${secretArn} has no SecretString`);
    return createPublicKey(SecretString).export({ type: "spki", format: "pem" }).toString();
}

async function stopInReverse(steps: (() => Promise<void>)[]): Promise<void> {
    for (const step of steps.splice(0).reverse()) await step().catch(() => undefined);
}

export { howTo };
