import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { importJWK, type JWK } from "jose";
import type { Tier } from "../config/schema";
import { readStackFile } from "../config/stackFile";
import type { FunctionKey, Handler } from "../handlers";
import { startLocal, type LocalApp } from "../local/app";
import { startGateway } from "../local/gateway";
import { loadFunctionPackage } from "../harness/packages";

/**
 * `startLocal` as the proofs use it: on a free port, in a temp dir, with an optional change to the stack's raw
 * `portcullis:gateway` section (the benchmark lifts throttles, the attack test shrinks a quota), and with the
 * identity provider's key imported for signing tokens the IdP would never issue.
 */

/** The pool's private key, its `kid` and JWK. */
export interface SigningKey {
    key: Awaited<ReturnType<typeof importJWK>>;
    kid: string;
    jwk: JWK;
}

/** A local API started for a proof. */
export interface ProofLocal {
    app: LocalApp;
    signingKey: SigningKey;
    stop(): Promise<void>;
}

/** The dev stack's raw gateway section (as in `Pulumi.dev.yaml`), for overrides. */
export type RawGateway = Record<string, unknown> & { throttle: unknown; tiers: Record<string, Record<string, unknown>> };

/** Starts the whole local API; `gateway` rewrites the dev stack's raw `portcullis:gateway` section first. */
export async function startProofLocal(options: { gateway?: (raw: RawGateway) => RawGateway } = {}): Promise<ProofLocal> {
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "portcullis-proof-"));
    const raw = structuredClone(readStackFile("dev")["portcullis:gateway"]) as RawGateway;
    let app: LocalApp;
    try {
        app = await startLocal({ port: 0, outDir, configOverrides: options.gateway === undefined ? {} : { "portcullis:gateway": options.gateway(raw) } });
    } catch (err) {
        fs.rmSync(outDir, { recursive: true, force: true });
        throw err;
    }
    const jwk = app.identity.idp.privateJwk;
    return {
        app,
        signingKey: { key: await importJWK(jwk, "RS256"), kid: jwk.kid as string, jwk },
        async stop() {
            await app.stop();
            fs.rmSync(outDir, { recursive: true, force: true });
        },
    };
}

/** A gateway that records the first event each function receives, with its context's plain fields. */
export interface RecordingGateway {
    url: string;
    events: Map<FunctionKey, { event: unknown; context: unknown }>;
    /** The first proxy event of each route, by `METHOD /resource/{path}`. */
    routeEvents: Map<string, unknown>;
    /** The recorder's execute-api endpoint (with the stage), where IAM routes are signed for and sent, as deployed. */
    regionalUrl: string;
    close(): Promise<void>;
}

/**
 * A second gateway beside the app's, with the same config, keys and IAM credential, in front of a second copy of
 * each function package (same environment, so the same stand-ins): what each function receives through a real
 * gateway, recorded for replay in fresh processes and behind a bare server.
 */
export async function startRecordingGateway(app: LocalApp): Promise<RecordingGateway> {
    const events = new Map<FunctionKey, { event: unknown; context: unknown }>();
    const routeEvents = new Map<string, unknown>();
    const handlers = new Map<string, Handler>();
    const e = app.endpoints;
    const gateway = await startGateway({
        config: app.config,
        port: 0,
        apiKeys: Object.entries(e.apiKeys).map(([name, k]) => ({ name, id: k.id, value: k.value, tier: k.tier as Tier })),
        credentials: { [e.iamCredentials.accessKeyId]: e.iamCredentials.secretAccessKey },
        invoke: async (fn, event, context) => {
            const name = fn as FunctionKey;
            let handler = handlers.get(name);
            if (handler === undefined) handlers.set(name, (handler = await loadFunctionPackage(name, benchEnvironment(app.env))));
            if (!events.has(name)) events.set(name, { event: structuredClone(event), context: Object.fromEntries(Object.entries(context).filter(([, v]) => typeof v !== "function")) });
            const { httpMethod, resource } = event as { httpMethod?: string; resource?: string };
            if (resource !== undefined && !routeEvents.has(`${httpMethod} ${resource}`)) routeEvents.set(`${httpMethod} ${resource}`, structuredClone(event));
            return handler(event, context);
        },
    });
    return { url: gateway.url, regionalUrl: gateway.regionalUrl, events, routeEvents, close: () => gateway.close() };
}

/**
 * The local functions' environment, quiet: local mode keeps the program's LOG_LEVEL (INFO), and a log and metrics
 * line per request would both flood the output and weigh on every figure. Gateway, direct and cold-start runs all
 * use this same environment, so the ratios stay fair.
 */
export function benchEnvironment(env: Record<string, string>): Record<string, string> {
    return { ...env, LOG_LEVEL: "WARN", POWERTOOLS_METRICS_DISABLED: "true" };
}
