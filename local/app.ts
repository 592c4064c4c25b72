import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import * as fs from "fs";
import * as path from "path";
import { GATEWAY_COMPONENT_DEFAULTS } from "../components/gatewayWithTiers";
import { API_VERSION, ROUTE_FUNCTIONS } from "../contract";
import type { FunctionName, Handler } from "../handlers";
import { ProductStore, type Product } from "../handlers/lib/products";
import { loadPackage } from "./program/packages";
import { startGateway, type ApiKeyBinding, type RunningGateway } from "./gateway";
import { startDemoIdentity } from "./identity";
import { howTo, type LocalEndpoints } from "./howTo";
import { persistentValues, randomSecret, rsaKeyPair } from "./secrets";
import { loadStackConfig, PROJECT_ROOT } from "./stackConfig";
import { LOCAL_CREDENTIALS, startStores, type StoreNames } from "./stores";

/** Options of {@link startLocal}. */
export interface LocalOptions {
    /** Port of the API. Default 3000; 0 picks a free one. */
    port?: number;
    /** Keep data, keys and secrets here between runs. Default: none, everything fresh each start. */
    persistDir?: string;
    /** Stack whose config the API runs with. Default `dev`. */
    stack?: string;
    /** Where `endpoints.json` and `access.log` go. Default `<project>/.local`. */
    outDir?: string;
}

/** The whole API running locally. */
export interface LocalApp {
    endpoints: LocalEndpoints;
    gateway: RunningGateway;
    /** Stops the gateway, the identity provider and every stand-in. */
    stop(): Promise<void>;
}

const ACCOUNT_ID = "123456789012";
const LOADED_FUNCTIONS: readonly FunctionName[] = [...ROUTE_FUNCTIONS, "authorizer", "migrate"];

/** Demo catalog for a fresh start. */
const DEMO_PRODUCTS: Pick<Product, "productId" | "name" | "description" | "priceCents" | "currency" | "stock">[] = [
    { productId: "lamp-01", name: "Desk lamp", description: "Warm light, brass finish.", priceCents: 4900, currency: "EUR", stock: 25 },
    { productId: "mug-01", name: "Enamel mug", description: "Camp-proof.", priceCents: 1200, currency: "EUR", stock: 120 },
    { productId: "chair-01", name: "Oak chair", description: "Solid oak, oiled.", priceCents: 18900, currency: "EUR", stock: 6 },
];

/**
 * Starts the whole API offline, as `pulumi up` would run it for the stack: the stand-ins, the identity provider,
 * the serialized function packages with their environment pointing the real SDK clients at the stand-ins,
 * migrations through the migrate function, demo data, API keys per client, and the gateway on `port`.
 */
export async function startLocal(options: LocalOptions = {}): Promise<LocalApp> {
    const config = loadStackConfig(options.stack ?? "dev");
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
    const stopAll: (() => Promise<void>)[] = [];
    try {
        const stores = await startStores(names, { [names.dbSecretArn]: JSON.stringify({ username: "postgres", password: "local" }), [names.signingSecretArn]: keep.signingKey.privateKeyPem }, options.persistDir);
        stopAll.push(() => stores.stop());
        const identity = await startDemoIdentity(config, options.persistDir);
        stopAll.push(() => identity.idp.stop());
        const env: Record<string, string> = {
            ...stores.env,
            ISSUER: identity.idp.issuer,
            USER_POOL_ID: identity.userPoolId,
            ALLOWED_CLIENT_IDS: [identity.webClient.clientId, identity.serviceClient.clientId].join(","),
            SIGNING_KEY_SECRET_ARN: names.signingSecretArn,
            SIGNING_KEY_PAIR_ID: "KLOCALSIGNINGKEY",
            RECEIPTS_BASE_URL: `${stores.endpoints.s3}/${names.privateBucket}`,
            API_VERSION,
            CORS_ORIGINS: config.gateway.corsOrigins.join(","),
            LOG_LEVEL: "WARN",
            POWERTOOLS_METRICS_DISABLED: "true",
        };
        const handlers = new Map<FunctionName, Handler>();
        for (const fn of LOADED_FUNCTIONS) handlers.set(fn, await loadPackage(fn, env));
        await handlers.get("migrate")!({});
        await seedProducts(names, stores.env.AWS_ENDPOINT_URL_DYNAMODB);

        const apiKeys: ApiKeyBinding[] = keep.apiKeys;
        const accessLog = fs.createWriteStream(path.join(outDir, "access.log"), { flags: "a" });
        stopAll.push(() => new Promise<void>((resolve) => accessLog.end(() => resolve())));
        const gateway = await startGateway({
            config,
            port: options.port ?? 3000,
            accountId: ACCOUNT_ID,
            apiKeys,
            credentials: { [keep.stockCredential.accessKeyId]: keep.stockCredential.secretAccessKey },
            accessLog: { sink: accessLog, format: GATEWAY_COMPONENT_DEFAULTS.accessLogFormat },
            invoke: async (fn, event, context) => {
                const handler = handlers.get(fn as FunctionName);
                if (handler === undefined) throw new Error(`No local package for ${fn}`);
                // What the Lambda runtime publishes per invocation; the handlers' logger reads it.
                process.env._X_AMZN_TRACE_ID = context.xRayTraceId;
                return handler(event, context);
            },
        });
        stopAll.push(() => gateway.close());
        const endpoints: LocalEndpoints = {
            apiUrl: gateway.url,
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
            stores: stores.endpoints,
        };
        fs.writeFileSync(path.join(outDir, "endpoints.json"), `${JSON.stringify(endpoints, null, 2)}\n`, { mode: 0o600 });
        return {
            endpoints,
            gateway,
            stop: () => stopInReverse(stopAll),
        };
    } catch (err) {
        await stopInReverse(stopAll);
        throw err;
    }
}

async function stopInReverse(steps: (() => Promise<void>)[]): Promise<void> {
    for (const step of steps.splice(0).reverse()) await step().catch(() => undefined);
}

/** Puts the demo catalog in an empty table; a persisted catalog is left as the user left it. */
async function seedProducts(names: StoreNames, endpoint: string): Promise<void> {
    const store = new ProductStore(new DynamoDBClient({ region: names.region, endpoint, credentials: LOCAL_CREDENTIALS }), names.table);
    if ((await store.list(1)).items.length > 0) return;
    const now = new Date().toISOString();
    for (const p of DEMO_PRODUCTS) await store.create({ ...p, version: 1, createdAt: now, updatedAt: now });
}

export { howTo };
