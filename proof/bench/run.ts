import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ROUTES } from "../../contract/routes";
import { withCredentials } from "../attack/credentials";
import { send } from "../attack/http";
import { signIn, userIn } from "../attack/identity";
import { routeOf, sampleRequest } from "../attack/routes";
import { measureAuthorizer } from "./authorizer";
import { measureColdStarts } from "./coldStart";
import { directServer, fixedJsonServer, load } from "./gateway";
import { PROJECT_ROOT } from "../../config/project";
import { loadStackConfig } from "../../config/stackFile";
import { authorizerChecks, findings, packageChecks, stackChecks, type Results } from "./findings";
import { benchEnvironment, startProofLocal, startRecordingGateway, type ProofLocal } from "../localApi";
import { measureRateLimit } from "./rateLimit";
import { chartSvg, met } from "./report";
import { measureStartup, startupSection, withStartupSection, type StartupFigures } from "./startup";
import { measureStackEvaluation } from "./stackEval";

/**
 * `npm run bench`: every figure of issue 7 side by side in one run, written to `bench/REPORT.md` and
 * `bench/chart.svg` (raw numbers in `bench/out/results.json`). Bounded: about three minutes on two cores.
 */

const COLD_START_RUNS = 8;
const AUTHORIZER_SAMPLES = 300;
const LOAD_CONNECTIONS = 50;
/** Where the committed report and chart live (and the raw numbers, in out/, which are not committed). */
const BENCH_DIR = path.join(PROJECT_ROOT, "bench");

const LOAD_SECONDS = 6;
const RATE_SECONDS = 10;
/** Benchmark-only throttle, the largest the config accepts: far above what two cores serve, so nothing answers 429. */
const UNTHROTTLED = { rateLimit: 5_000, burstLimit: 5_000 };

/** The 1-minute load average when the run started: other work on the machine skews absolute figures. */
const startLoad = os.loadavg()[0];

/**
 * `npm run bench` (scripts/bench.ts): every section, or `--startup`, `--only <sections>`, `--report-only`; writes
 * the committed report and chart to bench/.
 */
export async function runBench(): Promise<void> {
    const out = path.join(BENCH_DIR, "out");
    fs.mkdirSync(out, { recursive: true });
    // `npm run bench -- --report-only` renders the report again from the last run's numbers.
    if (process.argv.includes("--report-only")) return writeReport(JSON.parse(fs.readFileSync(path.join(out, "results.json"), "utf8")) as Results);
    // `npm run bench -- --startup` measures only `npm start` (cold and warm) and replaces that section of the report.
    if (process.argv.includes("--startup")) return writeStartup(await measureStartup());
    const log = (s: string) => console.log(`[bench] ${s}`);
    const only = onlySections();
    if (only !== undefined) return measureOnly(only, log);
    log("starting the local API (benchmark override: stage and enterprise throttles lifted, enterprise quota 10^9/month)");
    const local = await startProofLocal({
        gateway: (raw) => ({
            ...raw,
            throttle: UNTHROTTLED,
            tiers: { ...raw.tiers, enterprise: { ...raw.tiers.enterprise, throttle: UNTHROTTLED, quota: { limit: 1_000_000_000, period: "MONTH" } } },
        }),
    });
    const e = local.app.endpoints;
    const env = benchEnvironment(local.app.env);
    const keyOf = (tier: string) => Object.values(e.apiKeys).find((k) => k.tier === tier)?.value as string;
    try {
        const { creds, ids, events, routeEvents } = await recordEvents(local);
        log(`cold starts: ${events.size} functions + hello-world, ${COLD_START_RUNS} fresh processes each`);
        const functions = await measureColdStarts(events, env, COLD_START_RUNS);

        log(`authorizer: ${AUTHORIZER_SAMPLES} fresh tokens, ${AUTHORIZER_SAMPLES} repeats, raw crypto.verify`);
        const authorizer = await measureAuthorizer(events.get("authorizer")?.event, creds.token, local.signingKey, env, AUTHORIZER_SAMPLES);

        log(`gateway overhead: autocannon, ${LOAD_CONNECTIONS} connections, ${LOAD_SECONDS} s each (after a warm-up)`);
        const getProduct = routeOf("getProduct");
        const productPath = sampleRequest(getProduct, ids).path;
        const authHeaders = { authorization: `Bearer ${creds.token}`, "x-api-key": creds.apiKey };
        const direct = await directServer(routeEvents.get(`GET ${getProduct.path}`), env);
        const bare = await fixedJsonServer();
        const loads = [];
        try {
            loads.push(await load("local gateway", `${e.apiUrl}${productPath}`, authHeaders, LOAD_CONNECTIONS, LOAD_SECONDS));
            loads.push(await load("handler behind bare node:http", `${direct.url}${productPath}`, {}, LOAD_CONNECTIONS, LOAD_SECONDS));
            loads.push(await load("bare node:http, fixed JSON", `${bare.url}${productPath}`, {}, LOAD_CONNECTIONS, LOAD_SECONDS));
        } finally {
            await direct.close();
            await bare.close();
        }

        const limits = loadStackConfig("dev").gateway.tiers.basic.throttle;
        const sendRate = 4 * limits.rateLimit;
        log(`rate limit: the basic key (${limits.rateLimit}/s, burst ${limits.burstLimit}) driven at ${sendRate}/s for ${RATE_SECONDS} s`);
        const rate = await measureRateLimit(e.apiUrl, { method: "GET", path: productPath, headers: { ...authHeaders, "x-api-key": keyOf("basic") } }, limits, sendRate, RATE_SECONDS);

        await local.stop();
        log("stack evaluation: dev and prod, fresh process each");
        const stacks = [await measureStackEvaluation("dev"), await measureStackEvaluation("prod")];

        const results = { machine: machine(), functions, authorizer, loads, rate, stacks };
        fs.writeFileSync(path.join(out, "results.json"), `${JSON.stringify(results, null, 2)}\n`);
        writeReport(results);
    } catch (err) {
        await local.stop().catch(() => undefined);
        throw err;
    }
}

/**
 * One valid request per route through a recording gateway: the event each function receives, plus the two
 * events no route sends (migrate's and the pre-token-generation trigger's). Two fresh products: one for every
 * route, one for deleteProduct.
 */
async function recordEvents(local: ProofLocal) {
    const e = local.app.endpoints;
    const keyOf = (tier: string) => Object.values(e.apiKeys).find((k) => k.tier === tier)?.value as string;
    const customer = userIn(e, "customer");
    const admin = userIn(e, "admin");
    const creds = {
        apiKey: keyOf("enterprise"),
        token: (await signIn(e, customer.username, customer.password)).accessToken,
        adminToken: (await signIn(e, admin.username, admin.password)).accessToken,
        iam: { accessKeyId: e.iamCredentials.accessKeyId, secretAccessKey: e.iamCredentials.secretAccessKey, region: e.iamCredentials.region },
    };
    const createProduct = routeOf("createProduct");
    const newProduct = async () => {
        const answer = await send(e.apiUrl, await withCredentials(e.apiUrl, createProduct, sampleRequest(createProduct, { productId: "", orderId: "", idempotencyKey: "" }), creds));
        return (JSON.parse(answer.text) as { productId: string }).productId;
    };
    const ids = { productId: await newProduct(), orderId: e.demo.orderId, idempotencyKey: "bench-order-000001" };
    const doomed = { ...ids, productId: await newProduct() };
    const recorder = await startRecordingGateway(local.app);
    try {
        for (const route of ROUTES) {
            const request = sampleRequest(route, route.operationId === "deleteProduct" ? doomed : ids);
            // IAM routes are signed for and called on the execute-api endpoint, as AWS callers must.
            const base = route.security.kind === "iam" ? recorder.regionalUrl : recorder.url;
            const answer = await send(base, await withCredentials(base, route, request, creds));
            if (answer.status >= 300) throw new Error(`${route.operationId} answered ${answer.status}: ${answer.text}`);
        }
    } finally {
        await recorder.close();
    }
    const events = recorder.events;
    events.set("migrate", { event: {}, context: {} });
    events.set("preTokenGeneration", {
        event: { version: "2", triggerSource: "TokenGeneration_Authentication", request: { userAttributes: {}, groupConfiguration: { groupsToOverride: ["customer"] } }, response: {} },
        context: {},
    });
    return { creds, ids, events, routeEvents: recorder.routeEvents };
}

/** Sections `--only` can pick, for a targeted measurement while working on one of them. */
const SECTIONS = ["coldstart", "authorizer", "stackeval"] as const;
type Section = (typeof SECTIONS)[number];

/** `--only coldstart,authorizer,stackeval` (any of them), or undefined for the full run. */
function onlySections(): Set<Section> | undefined {
    const i = process.argv.indexOf("--only");
    if (i < 0) return undefined;
    const names = (process.argv[i + 1] ?? "").split(",").filter((x) => x !== "");
    const unknown = names.filter((x) => !(SECTIONS as readonly string[]).includes(x));
    if (names.length === 0 || unknown.length > 0) throw new Error(`--only takes a comma-separated list of ${SECTIONS.join(", ")}; got ${JSON.stringify(process.argv[i + 1] ?? "")}`);
    return new Set(names as Section[]);
}

/**
 * `npm run bench -- --only <sections> [--runs N]`: measures only those sections, prints their targets and writes
 * the figures to bench/out/only-<sections>.json; REPORT.md is left alone, so a partial run never passes for a full one.
 */
async function measureOnly(only: Set<Section>, log: (s: string) => void): Promise<void> {
    const runsArg = process.argv.indexOf("--runs");
    const runs = runsArg < 0 ? COLD_START_RUNS : Number(process.argv[runsArg + 1]);
    if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs takes a positive whole number; got ${JSON.stringify(process.argv[runsArg + 1])}`);
    const measured: Partial<Results> = {};
    if (only.has("coldstart") || only.has("authorizer")) {
        log("starting the local API");
        const local = await startProofLocal();
        try {
            const env = benchEnvironment(local.app.env);
            const { creds, events } = await recordEvents(local);
            const token = creds.token;
            if (only.has("coldstart")) {
                log(`cold starts: ${events.size} functions + hello-world, ${runs} fresh processes each`);
                measured.functions = await measureColdStarts(events, env, runs);
            }
            if (only.has("authorizer")) {
                log(`authorizer: ${AUTHORIZER_SAMPLES} fresh tokens, ${AUTHORIZER_SAMPLES} repeats, raw crypto.verify`);
                measured.authorizer = await measureAuthorizer(events.get("authorizer")?.event, token, local.signingKey, env, AUTHORIZER_SAMPLES);
            }
        } finally {
            await local.stop();
        }
    }
    if (only.has("stackeval")) {
        log("stack evaluation: prod, fresh process");
        measured.stacks = [await measureStackEvaluation("prod")];
    }
    fs.writeFileSync(path.join(BENCH_DIR, "out", `only-${[...only].join("-")}.json`), `${JSON.stringify(measured, null, 2)}\n`);
    const m = machine();
    const checks = [
        ...(measured.functions === undefined ? [] : packageChecks(measured.functions, m)),
        ...(measured.authorizer === undefined ? [] : authorizerChecks(measured.authorizer, m)),
        ...(measured.stacks === undefined ? [] : stackChecks(measured.stacks, m)),
    ];
    for (const c of checks) log(`${met(c) ? "met    " : "NOT MET"} ${c.name}: ${c.measured} (wanted ${c.target})${met(c) ? "" : `\n          ${c.explanation}`}`);
}

/** The fuzzing section of REPORT.md: written by hand from `npm run fuzz` runs, kept when the benchmark rewrites the rest. */
const FUZZ_SECTION = /\n<!-- fuzz -->[\s\S]*<!-- \/fuzz -->\n/;

/** Writes the start-up figures to bench/out/startup.json and their section into bench/REPORT.md. */
function writeStartup(figures: StartupFigures): void {
    const date = new Date().toISOString().slice(0, 10);
    fs.writeFileSync(path.join(BENCH_DIR, "out", "startup.json"), `${JSON.stringify({ ...figures, date }, null, 2)}\n`);
    const report = path.join(BENCH_DIR, "REPORT.md");
    fs.writeFileSync(report, withStartupSection(fs.readFileSync(report, "utf8"), startupSection(figures, date)));
    for (const run of figures.runs) console.log(`[bench] npm start, ${run.cache} cache: ready in ${run.phases.ready} s`);
}

/** Writes bench/REPORT.md (keeping its fuzzing section) and bench/chart.svg from a run's numbers. */
function writeReport(results: Results): void {
    const { markdown: measured, checks } = findings(results);
    // The start-up section comes from its own, shorter run (`--startup`); a full run keeps the last one's.
    const startupFile = path.join(BENCH_DIR, "out", "startup.json");
    const startup = fs.existsSync(startupFile) ? (JSON.parse(fs.readFileSync(startupFile, "utf8")) as StartupFigures & { date?: string }) : undefined;
    const markdown = startup === undefined ? measured : withStartupSection(measured, startupSection(startup, startup.date ?? "an earlier run"));
    const file = path.join(BENCH_DIR, "REPORT.md");
    const fuzz = fs.existsSync(file) ? FUZZ_SECTION.exec(fs.readFileSync(file, "utf8"))?.[0] : undefined;
    fs.writeFileSync(file, fuzz === undefined ? markdown : `${markdown.replace(/\n*$/, "\n")}${fuzz}`);
    fs.writeFileSync(path.join(BENCH_DIR, "chart.svg"), chartSvg(checks, `Portcullis benchmark: ratios against targets (${results.machine.summary})`));
    console.log(`[bench] wrote bench/REPORT.md and bench/chart.svg: ${checks.filter(met).length} of ${checks.length} targets met`);
}

function machine(): Results["machine"] {
    const cpus = os.cpus();
    return { cores: cpus.length, cpu: cpus[0]?.model ?? "unknown", node: process.version, platform: `${os.platform()} ${os.release()}`, loadAverage: startLoad, summary: `${cpus.length} cores, Node ${process.version}` };
}

