import { S3Client } from "@aws-sdk/client-s3";
import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { createPublicKey } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { AUTH_LAYER_DEFAULTS, GATEWAY_COMPONENT_DEFAULTS } from "../components/defaults";
import { PROJECT_ROOT } from "../config/project";
import { loadStackConfig } from "../config/stackFile";
import type { StackConfig } from "../config/schema";
import { ROUTE_FUNCTIONS } from "../contract";
import type { FunctionKey, Handler } from "../handlers";
import { listOf } from "../handlers/lib/env";
import { buildPortal, portalConnectOrigins } from "../portal/build";
import { portalHandler } from "../portal/static";
import { frontDoor, signedReceipts, type FrontHandler } from "./edge";
import { LocalEnvironmentError, programCoordinates, sharedEnvironment, type Coordinates } from "./environment";
import { withFunctionOutput } from "./functionLogs";
import { loadFunction, localFunctions, stackFunctions, type LocalFunction } from "./functions";
import { startGateway, type ApiKeyBinding, type RunningGateway } from "./gateway";
import { howTo, type LocalEndpoints } from "./howTo";
import { startDemoIdentity, type DemoIdentity, type PoolIds } from "./identity";
import { ACCOUNT } from "../harness/mocks";
import { precompilePackages } from "../harness/packages";
import { lockStateDirs, type InstanceLock } from "./preflight";
import { persistentValues, randomSecret, rsaKeyPair } from "./secrets";
import { seedDemoData } from "./seed";
import { signInThroughHostedUi } from "./signIn";
import { LOCAL_CREDENTIALS, startStores, type LocalStores, type StoreNames } from "./stores";

export type { LocalFunction } from "./functions";

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
    /** Where `endpoints.json`, `access.log`, `functions.log` and the portal go. Default `<project>/.local`. */
    outDir?: string;
    /**
     * The instance locks of `outDir` and `persistDir`, when the caller took them before starting (the CLI does,
     * before anything slow); the app records its port in them and releases them on stop. Default: taken here,
     * so a second app on the same directories fails before writing anything.
     */
    locks?: InstanceLock[];
    /** Called as each phase of start-up ends, with its duration. Default: silent. */
    progress?: (phase: string, ms: number, note?: string) => void;
}

/** What the running app has counted, for tests and proofs. */
export interface LocalStats {
    /** Invocations per function since start, the authorizer's included (seeding counts too). */
    invocations: Partial<Record<FunctionKey, number>>;
}

/** The whole API running locally. */
export interface LocalApp {
    endpoints: LocalEndpoints;
    gateway: RunningGateway;
    /** The validated config the gateway and functions run with. */
    config: StackConfig;
    /** The stand-ins (pausable), answering to the program's names. */
    stores: LocalStores;
    /**
     * The functions loaded, by handler key: the stack program's code and environment (with only URLs, endpoints,
     * region and credentials pointing here) and the handler the gateway invokes.
     */
    functions: Readonly<Partial<Record<FunctionKey, LoadedFunction>>>;
    /**
     * The variables on which every loaded function that sets them agrees: the program's table, buckets, cluster
     * and secret ARNs, pool and client ids, the local URLs, and the SDK's endpoints, region and credentials.
     */
    env: Readonly<Record<string, string>>;
    identity: DemoIdentity;
    stats: LocalStats;
    /** Stops the gateway, the identity provider and every stand-in; every port is closed when it resolves. */
    stop(): Promise<void>;
}

/** A function the app runs: as the stack deploys it, with the handler its package exported. */
export interface LoadedFunction extends LocalFunction {
    handler: Handler;
}

/**
 * The functions local mode runs: the gateway's and migrate. The pre-token-generation trigger is not run: the local
 * identity provider adds group scopes itself (its environment is still checked with the others').
 */
const LOADED_FUNCTIONS: readonly FunctionKey[] = [...ROUTE_FUNCTIONS, "authorizer", "migrate"];

/**
 * Starts the whole API offline, as `pulumi up` would run it for the stack: the stand-ins, the identity provider,
 * the gateway on `port` with CloudFront's `/docs` and `/receipts/*` behaviours in front, the serialized function
 * packages with their environment pointing the real SDK clients at the stand-ins, migrations through the migrate
 * function, the portal, and demo data seeded through the API itself.
 */
export async function startLocal(options: LocalOptions = {}): Promise<LocalApp> {
    const stack = options.stack ?? "dev";
    const config = loadStackConfig(stack, { overrides: options.configOverrides });
    if (config.gateway.apiClients.length === 0) throw new Error(`Pulumi.${stack}.yaml has no portcullis:gateway.apiClients: local mode needs at least one API key`);
    const outDir = options.outDir ?? path.join(PROJECT_ROOT, ".local");
    fs.mkdirSync(outDir, { recursive: true });
    const locks = options.locks ?? lockStateDirs(outDir, options.persistDir, options.port ?? 3000);
    const progress = options.progress ?? (() => undefined);
    const began = Date.now();
    const stats: LocalStats = { invocations: {} };
    // Released last: the directories are free only once every stand-in has stopped writing to them.
    const stopAll: (() => Promise<void>)[] = [async () => locks.forEach((l) => l.release())];
    // Evaluating the program takes seconds and names every resource; PGlite starts meanwhile.
    const program = stackFunctions(stack, config.prefix, options.configOverrides ?? {}).then(({ functions: fns, cached }) => {
        progress("program", Date.now() - began, cached ? "cached evaluation" : "evaluated under mocks, now cached");
        return { fns, coordinates: programCoordinates(Object.fromEntries(fns.map((fn) => [fn.functionName, fn.programEnv]))) };
    });
    program.catch(() => undefined);
    try {
        const keeping = persistentValues(options.persistDir, "local", async () => ({
            signingKey: await rsaKeyPair(),
            stockCredential: { accessKeyId: `AKIALOCAL${randomSecret(8).toUpperCase().replace(/[^A-Z0-9]/g, "X").slice(0, 11)}`, secretAccessKey: randomSecret() },
            apiKeys: config.gateway.apiClients.map((c, i) => ({ id: `localkey${i + 1}`, value: randomSecret(), tier: c.tier, name: c.name })),
        }));
        // Its own file, so a persist directory from before the cursor secret existed keeps its other values.
        const cursorKey = (await persistentValues(options.persistDir, "cursor-key", () => ({ value: randomSecret(48) }))).value;
        // The stand-ins need the receipt key, which is generated off the main thread while they start.
        const names = Promise.all([program, keeping]).then(([{ coordinates }, keep]) => storeNames(config.region, coordinates, keep.signingKey.privateKeyPem, cursorKey));
        // Not awaited yet: the worker starts the stand-ins while this thread starts the identity provider and the
        // gateway and builds the portal, none of which needs them.
        const storesStarting = startStores(names, options.persistDir);
        storesStarting.catch(() => undefined);
        stopAll.push(async () => (await storesStarting.catch(() => undefined))?.stop());
        const keep = await keeping;
        const apiKeys: ApiKeyBinding[] = keep.apiKeys;
        const { fns, coordinates } = await program;
        const identity = await startDemoIdentity(config, poolIds(coordinates, config.auth.passwordClient), options.persistDir);
        stopAll.push(() => identity.idp.stop());

        const handlers = new Map<FunctionKey, Handler>();
        // Functions' stdout, as Lambda ships it to their log groups.
        const functionLog = fs.createWriteStream(path.join(outDir, "functions.log"), { flags: "a" });
        stopAll.push(() => new Promise<void>((resolve) => functionLog.end(() => resolve())));
        const invoke = async (fn: FunctionKey, event: unknown, context?: { xRayTraceId?: string }) => {
            const handler = handlers.get(fn);
            if (handler === undefined) throw new Error(`No local package for ${fn}`);
            stats.invocations[fn] = (stats.invocations[fn] ?? 0) + 1;
            // The package loader publishes context.xRayTraceId as the function's _X_AMZN_TRACE_ID, as the runtime does.
            return withFunctionOutput(functionLog, () => handler(event, context));
        };
        // The URLs of the portal and of receipts are the gateway's own, known once it listens; until the handlers
        // below are set, nothing is claimed in front and no function is loaded (requests get 502s).
        let front: FrontHandler = () => false;
        const accessLog = fs.createWriteStream(path.join(outDir, "access.log"), { flags: "a" });
        stopAll.push(() => new Promise<void>((resolve) => accessLog.end(() => resolve())));
        const gateway = await startGateway({
            config,
            port: options.port ?? 3000,
            accountId: ACCOUNT,
            apiKeys,
            credentials: { [keep.stockCredential.accessKeyId]: keep.stockCredential.secretAccessKey },
            accessLog: { sink: accessLog, format: GATEWAY_COMPONENT_DEFAULTS.accessLogFormat },
            front: (req, res) => front(req, res),
            invoke: (fn, event, context) => invoke(fn as FunctionKey, event, context),
        });
        stopAll.push(() => gateway.close());
        locks.forEach((l) => l.setPort(gateway.port));

        // The local portal's sign-in pages, which the web client lists as a stack lists its portal's.
        const portalCallback = `${gateway.url}${AUTH_LAYER_DEFAULTS.portalCallbackPath}`;
        identity.webClient.callbackUrls?.push(portalCallback);
        identity.webClient.logoutUrls?.push(`${gateway.url}${AUTH_LAYER_DEFAULTS.portalSignOutPath}`);
        const portalDir = path.join(outDir, "portal");
        // The local pool's endpoints throughout: the guides, the document and the console never mix in the
        // deployed hosted UI's (a stack's build uses its own, from cognitoOAuthUrls).
        const oauth = { authorizationUrl: identity.idp.authorizationEndpoint, tokenUrl: identity.idp.tokenEndpoint, logoutUrl: identity.idp.logoutEndpoint };
        buildPortal({ outDir: portalDir, stack, apiBaseUrl: gateway.url, oauth, webClientId: identity.webClient.clientId });
        // The seeding users sign in as people do, the web client through the hosted UI, so every stack seeds alike;
        // that needs only the identity provider, so it happens while the stand-ins finish starting.
        const hostedUi = { authorizationEndpoint: identity.idp.authorizationEndpoint, tokenEndpoint: identity.idp.tokenEndpoint, clientId: identity.webClient.clientId, redirectUri: portalCallback };
        const signingIn = Promise.all(["admin", "customer"].map(async (group) => {
            const user = identity.users.find((u) => u.groups.includes(group))!;
            return (await signInThroughHostedUi(hostedUi, user.username, user.password)).access_token;
        }));
        signingIn.catch(() => undefined);
        // Idle time until the stand-ins are up: compile the functions' code now, so loading them below only runs it.
        precompilePackages(fns.map((fn) => fn.pkg));
        const stores = await storesStarting;
        const standIns = Date.now();
        progress("stand-ins", standIns - began, "DynamoDB, Aurora (PGlite), S3 and Secrets Manager in a worker thread; meanwhile Cognito, the gateway and the portal");

        const local = localFunctions(fns, {
            region: config.region,
            credentials: LOCAL_CREDENTIALS,
            endpoints: stores.endpoints,
            // As deployed, receipts are served by the distribution's /receipts/* behaviour: locally, the gateway's.
            urls: { ISSUER: identity.idp.issuer, JWKS_URL: identity.idp.jwksUrl, RECEIPTS_BASE_URL: gateway.url },
            coordinates,
        });
        const functions = loadFunctions(local, (load) => withFunctionOutput(functionLog, load));
        for (const [name, fn] of Object.entries(functions)) handlers.set(name as FunctionKey, fn.handler);
        await invoke("migrate", {});
        const loaded = Date.now();
        progress("functions", loaded - standIns, `${Object.keys(functions).length} loaded, migrations applied`);

        front = frontDoor([
            portalHandler(portalDir, "/docs", portalConnectOrigins(oauth, gateway.url)),
            signedReceipts({
                baseUrl: gateway.url,
                keyPairId: coordinates.SIGNING_KEY_PAIR_ID,
                publicKeyPem: await signingPublicKey(stores, coordinates.SIGNING_KEY_SECRET_ARN, config.region),
                bucket: coordinates.PRIVATE_BUCKET,
                s3: new S3Client({ region: config.region, endpoint: stores.endpoints.s3, forcePathStyle: true, credentials: LOCAL_CREDENTIALS }),
            }),
        ]);

        const seedKey = apiKeys.find((k) => k.tier === "enterprise") ?? apiKeys[0];
        const [adminToken, customerToken] = await signingIn;
        const demo = await seedDemoData({ apiUrl: gateway.url, apiKey: seedKey.value, adminToken, customerToken });

        const endpoints: LocalEndpoints = {
            apiUrl: gateway.url,
            internalApiUrl: gateway.regionalUrl,
            docsUrl: `${gateway.url}/docs/`,
            region: config.region,
            issuer: identity.idp.issuer,
            tokenEndpoint: identity.idp.tokenEndpoint,
            authorizationEndpoint: identity.idp.authorizationEndpoint,
            logoutEndpoint: identity.idp.logoutEndpoint,
            cognitoEndpoint: identity.idp.cognitoEndpoint,
            userPoolId: identity.userPoolId,
            clients: {
                web: { clientId: identity.webClient.clientId, callbackUrl: portalCallback },
                ...(identity.cliClient ? { cli: { clientId: identity.cliClient.clientId } } : {}),
                service: { clientId: identity.serviceClient.clientId, clientSecret: identity.serviceClient.clientSecret! },
            },
            apiKeys: Object.fromEntries(apiKeys.map((k) => [k.name, { tier: k.tier, id: k.id, value: k.value }])),
            users: identity.users.map((u) => ({ username: u.username, password: u.password, groups: u.groups })),
            iamCredentials: { ...keep.stockCredential, region: config.region, service: "execute-api" },
            demo,
            stores: stores.endpoints,
        };
        progress("seed", Date.now() - loaded, "demo data through the API");
        fs.writeFileSync(path.join(outDir, "endpoints.json"), `${JSON.stringify(endpoints, null, 2)}\n`, { mode: 0o600 });
        const env = sharedEnvironment(Object.values(functions).map((fn) => fn.environment));
        return { endpoints, gateway, config, stores, functions, env, identity, stats, stop: () => stopInReverse(stopAll) };
    } catch (err) {
        await stopInReverse(stopAll);
        throw err;
    }
}

/**
 * The stand-ins' names: the program's, with the database's secret, the receipt signing key and the cursor key (a
 * random value local mode generates, as the stack's RandomPassword does) under their ARNs.
 */
function storeNames(region: string, c: Coordinates, signingKeyPem: string, cursorKey: string): StoreNames {
    return {
        region,
        table: c.TABLE_NAME,
        assetsBucket: c.ASSETS_BUCKET,
        privateBucket: c.PRIVATE_BUCKET,
        clusterArn: c.DB_CLUSTER_ARN,
        dbSecretArn: c.DB_SECRET_ARN,
        dbName: c.DB_NAME,
        // The shape of an RDS-managed master user secret; the Data API stand-in checks only its ARN.
        secrets: { [c.DB_SECRET_ARN]: JSON.stringify({ username: "postgres", password: "local" }), [c.SIGNING_KEY_SECRET_ARN]: signingKeyPem, [c.CURSOR_SECRET_ARN]: cursorKey },
    };
}

/**
 * The pool's ids from the authorizer's: `ALLOWED_CLIENT_IDS` lists the web client, the service client, then the
 * password client where `auth.passwordClient` is on (components/authLayer.ts).
 */
function poolIds(c: Coordinates, passwordClient: boolean): PoolIds {
    const clientIds = listOf(c.ALLOWED_CLIENT_IDS);
    const expected = passwordClient ? 3 : 2;
    if (clientIds.length !== expected) {
        throw new LocalEnvironmentError(`ALLOWED_CLIENT_IDS=${c.ALLOWED_CLIENT_IDS}: local mode expects the web client's id, then the service client's${passwordClient ? ", then the cli client's (auth.passwordClient is on)" : ""}`);
    }
    return { userPoolId: c.USER_POOL_ID, webClientId: clientIds[0], serviceClientId: clientIds[1], cliClientId: clientIds[2] };
}

/**
 * Loads {@link LOADED_FUNCTIONS} one by one, each in its own sandbox with exactly its own environment (the SDK's
 * endpoints, region and credentials included: the runtime clients load inside the sandbox too).
 */
function loadFunctions(local: readonly LocalFunction[], around: (load: () => Handler) => Handler): Partial<Record<FunctionKey, LoadedFunction>> {
    const missing = LOADED_FUNCTIONS.filter((name) => !local.some((fn) => fn.name === name));
    if (missing.length > 0) throw new LocalEnvironmentError(`The stack deploys no function for ${missing.join(", ")}`);
    const functions: Partial<Record<FunctionKey, LoadedFunction>> = {};
    for (const fn of local.filter((f) => LOADED_FUNCTIONS.includes(f.name))) {
        functions[fn.name] = { ...fn, handler: around(() => loadFunction(fn)) };
    }
    return functions;
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
