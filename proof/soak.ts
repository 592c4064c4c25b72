import { RDSDataClient } from "@aws-sdk/client-rds-data";
import { ListObjectsCommand, S3Client, type ListObjectsCommandOutput } from "@aws-sdk/client-s3";
import { randomUUID } from "crypto";
import * as http from "http";
import * as v8 from "v8";
import * as vm from "vm";
import { createDb } from "../handlers/lib/db";
import { localCredentials } from "./attack/identity";
import type { LocalApp } from "../local/app";
import type { LocalEndpoints } from "../local/howTo";
import { localS3ClientConfig } from "../local/standins/s3";
import type { PausableServer } from "../local/standins/server";
import { jsonOf, send, type Answer, type Sent } from "./attack/http";

/**
 * The soak: `concurrency` clients send mixed reads, catalog writes and orders (retried with the same
 * Idempotency-Key on 429, 503 and dropped connections) against the local API for `seconds`, while the DynamoDB and
 * then the RDS Data API stand-ins are taken offline for a while. Afterwards PostgreSQL and the private bucket are
 * checked for lost, duplicated or partial orders, and the process's memory growth is reported.
 */

/** Options of {@link soak}. */
export interface SoakOptions {
    seconds: number;
    concurrency: number;
    /** How long each store stays paused; 0 for no faults. The DynamoDB outage starts at 1/3, the Data API's at 2/3. */
    faultMs: number;
    /** Which stand-ins to pause. Default both. */
    faults?: readonly ("dynamodb" | "rdsData")[];
    /** How long to wait for every kind of request to succeed again after the traffic. Default 20 s. */
    recoverySeconds?: number;
    /** Requests in flight when a store comes back may still fail; answers this long after a resume count as faults. */
    graceMs?: number;
}

/** What a soak saw and what it found. */
export interface SoakResult {
    requests: number;
    byStatus: Record<string, number>;
    /** 5xx (or dropped connections) outside any fault window, and any 5xx other than 503 inside one. */
    unexpectedFailures: string[];
    /** 503s during the faults, and how many had exactly the standard error shape. */
    faultAnswers: { serviceUnavailable: number; standardShape: number };
    orders: {
        attempted: number;
        /** Keys answered 201 or 200 (a replay) in the end. */
        placed: number;
        /** Keys given up on after the retries (the store was down too long). */
        gaveUp: number;
        /** Keys answered with two different order ids. */
        conflictingIds: number;
        /** Placed keys with no row, or more than one row, in PostgreSQL. */
        notExactlyOnce: number;
        /** Placed orders that GET /v1/orders/{id} did not return. */
        unreadable: number;
    };
    partial: { ordersWithoutLines: number; linesWithoutOrders: number; ordersWithoutReceipts: number; receiptsWithoutOrders: number };
    /** After the last resume, requests of each kind succeed again (within `recoverySeconds`). */
    recovered: boolean;
    /** Seconds from the end of the traffic until they did. */
    recoverySeconds?: number;
    /** Whether PostgreSQL and the bucket could be checked (not when the API never recovered). */
    verified: boolean;
    memory: { rssStartMb: number; rssEndMb: number; heapStartMb: number; heapEndMb: number; samples: { t: number; rssMb: number; heapMb: number }[] };
}

/** Credentials the soak's clients use. */
export interface SoakAccess {
    apiKey: string;
    customerToken: string;
    adminToken: string;
}

/** The soak's credentials for a local API: its largest tier's key, the demo customer's and the admin's tokens. */
export async function localSoakAccess(e: LocalEndpoints): Promise<SoakAccess> {
    const { creds } = await localCredentials(e);
    return { apiKey: creds.apiKey as string, customerToken: creds.token as string, adminToken: creds.adminToken as string };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

/** A full garbage collection, so heap figures compare live objects, not garbage not yet collected. */
function collectGarbage(): void {
    v8.setFlagsFromString("--expose-gc");
    (vm.runInNewContext("gc") as () => void)();
}

/** Whether an answer is the API's standard 503 `{"error":{"code":"ServiceUnavailable","message","requestId"}}`. */
function standard503(a: Answer): boolean {
    const e = (jsonOf(a) as { error?: { code?: unknown; message?: unknown; requestId?: unknown } } | undefined)?.error;
    return a.status === 503 && e?.code === "ServiceUnavailable" && typeof e.message === "string" && typeof e.requestId === "string";
}

/** Runs the soak against `app` with `access`. */
export async function soak(app: LocalApp, access: SoakAccess, options: SoakOptions): Promise<SoakResult> {
    const base = app.gateway.url;
    const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency });
    const graceMs = options.graceMs ?? 2000;
    const headers = (token: string) => ({ Authorization: `Bearer ${token}`, "x-api-key": access.apiKey });
    const call = (req: Sent) => send(base, req, { agent, timeoutMs: 20_000 });

    // Products with stock enough for any soak, so an order can only fail for a reason the soak injects.
    const productIds: string[] = [];
    for (let i = 0; i < 3; i++) {
        const a = await call({ method: "POST", path: "/v1/products", headers: { ...headers(access.adminToken), "Content-Type": "application/json" }, body: JSON.stringify({ name: `Soak ${i}`, priceCents: 100 + i, currency: "EUR", stock: 1_000_000 }) });
        if (a.status !== 201) throw new Error(`creating a soak product answered ${a.status}: ${a.text}`);
        productIds.push((jsonOf(a) as { productId: string }).productId);
    }

    const result: SoakResult = {
        requests: 0,
        byStatus: {},
        unexpectedFailures: [],
        faultAnswers: { serviceUnavailable: 0, standardShape: 0 },
        orders: { attempted: 0, placed: 0, gaveUp: 0, conflictingIds: 0, notExactlyOnce: 0, unreadable: 0 },
        partial: { ordersWithoutLines: 0, linesWithoutOrders: 0, ordersWithoutReceipts: 0, receiptsWithoutOrders: 0 },
        recovered: false,
        verified: false,
        memory: { rssStartMb: 0, rssEndMb: 0, heapStartMb: 0, heapEndMb: 0, samples: [] },
    };
    const windows: { from: number; to: number }[] = [];
    const inFault = (sentAt: number, answeredAt: number) => windows.some((w) => sentAt <= w.to + graceMs && answeredAt >= w.from);
    const observe = (what: string, sentAt: number, a: Answer) => {
        result.requests++;
        result.byStatus[String(a.status)] = (result.byStatus[String(a.status)] ?? 0) + 1;
        if (a.status < 500 && a.status !== 0) return;
        if (inFault(sentAt, Date.now()) && (a.status === 503 || a.status === 0)) {
            if (a.status === 503) {
                result.faultAnswers.serviceUnavailable++;
                if (standard503(a)) result.faultAnswers.standardShape++;
            }
            return;
        }
        if (result.unexpectedFailures.length < 20) result.unexpectedFailures.push(`${what}: ${a.status} ${a.error ?? a.text.slice(0, 200)}`);
    };
    const timed = async (what: string, req: Sent): Promise<Answer> => {
        const sentAt = Date.now();
        const a = await call(req);
        observe(what, sentAt, a);
        return a;
    };

    const outcomes = new Map<string, Set<string>>();
    const placeOrder = async () => {
        const key = `soak-${randomUUID()}`;
        result.orders.attempted++;
        const body = JSON.stringify({ items: [{ productId: productIds[Math.floor(Math.random() * productIds.length)], quantity: 1 + Math.floor(Math.random() * 3) }] });
        for (let attempt = 0; attempt < 12; attempt++) {
            const a = await timed("createOrder", { method: "POST", path: "/v1/orders", headers: { ...headers(access.customerToken), "Content-Type": "application/json", "Idempotency-Key": key }, body });
            if (a.status === 201 || a.status === 200) {
                const ids = outcomes.get(key) ?? new Set<string>();
                ids.add((jsonOf(a) as { orderId: string }).orderId);
                outcomes.set(key, ids);
                // Now and then, retry a success: the replay must name the same order.
                if (Math.random() < 0.2) continue;
                return;
            }
            if (![0, 429, 503].includes(a.status)) return;
            await sleep(Math.min(2000, 50 * 2 ** attempt) * Math.random());
        }
        if (!outcomes.has(key)) result.orders.gaveUp++;
    };
    const operations: [number, () => Promise<unknown>][] = [
        [45, () => timed("getProduct", { method: "GET", path: `/v1/products/${productIds[Math.floor(Math.random() * productIds.length)]}`, headers: headers(access.customerToken) })],
        [15, () => timed("listProducts", { method: "GET", path: "/v1/products?limit=20", headers: headers(access.customerToken) })],
        [10, () => timed("listOrders", { method: "GET", path: "/v1/orders?limit=10", headers: headers(access.customerToken) })],
        [25, placeOrder],
        [5, () => timed("createProduct", { method: "POST", path: "/v1/products", headers: { ...headers(access.adminToken), "Content-Type": "application/json" }, body: JSON.stringify({ name: "Soak write", priceCents: 1, currency: "EUR", stock: 1 }) })],
    ];
    const pick = () => {
        let r = Math.random() * 100;
        for (const [weight, op] of operations) if ((r -= weight) < 0) return op;
        return operations[0][1];
    };

    collectGarbage();
    const start = Date.now();
    const deadline = start + options.seconds * 1000;
    const memStart = process.memoryUsage();
    const sampler = setInterval(() => {
        const m = process.memoryUsage();
        result.memory.samples.push({ t: Date.now() - start, rssMb: mb(m.rss), heapMb: mb(m.heapUsed) });
    }, 500);
    const fault = async (server: PausableServer, at: number) => {
        await sleep(Math.max(0, start + at - Date.now()));
        const w = { from: Date.now(), to: Number.POSITIVE_INFINITY };
        windows.push(w);
        await server.pause();
        await sleep(options.faultMs);
        await server.resume();
        w.to = Date.now();
    };
    const paused = options.faultMs > 0 ? (options.faults ?? ["dynamodb", "rdsData"]) : [];
    const faults = paused.map((name, i) => fault(app.stores.servers[name], ((i + 1) * options.seconds * 1000) / (paused.length + 1)));
    const worker = async () => {
        while (Date.now() < deadline) await pick()();
    };
    await Promise.all([...Array.from({ length: options.concurrency }, worker), ...faults]);
    clearInterval(sampler);

    result.orders.placed = outcomes.size;
    // Recovery: one request of each kind succeeds again, polled for a bounded time after the last outage.
    const ended = Date.now();
    const recoveryDeadline = ended + (options.recoverySeconds ?? 20) * 1000;
    const bounded = (req: Sent) => send(base, req, { agent, timeoutMs: 5_000 });
    while (!result.recovered && Date.now() < recoveryDeadline) {
        const checks = await Promise.all([
            bounded({ method: "GET", path: `/v1/products/${productIds[0]}`, headers: headers(access.customerToken) }),
            bounded({ method: "GET", path: "/v1/orders?limit=1", headers: headers(access.customerToken) }),
            bounded({ method: "POST", path: "/v1/orders", headers: { ...headers(access.customerToken), "Content-Type": "application/json", "Idempotency-Key": `soak-${randomUUID()}` }, body: JSON.stringify({ items: [{ productId: productIds[0], quantity: 1 }] }) }),
        ]);
        result.recovered = checks.every((a) => a.status === 200 || a.status === 201);
        if (!result.recovered) await sleep(500);
    }
    if (result.recovered) {
        result.recoverySeconds = (Date.now() - ended) / 1000;
        await verifyOrders(app, outcomes, result, call, headers(access.customerToken));
        result.verified = true;
    }
    agent.destroy();
    collectGarbage();
    const memEnd = process.memoryUsage();
    result.memory = { ...result.memory, rssStartMb: mb(memStart.rss), rssEndMb: mb(memEnd.rss), heapStartMb: mb(memStart.heapUsed), heapEndMb: mb(memEnd.heapUsed) };
    return result;
}

/** Compares what clients were told with PostgreSQL and the private bucket. */
async function verifyOrders(app: LocalApp, outcomes: Map<string, Set<string>>, result: SoakResult, call: (r: Sent) => Promise<Answer>, headers: Record<string, string>): Promise<void> {
    const env = app.env;
    const db = createDb(new RDSDataClient({ region: env.AWS_REGION, endpoint: env.AWS_ENDPOINT_URL_RDS_DATA, credentials: { accessKeyId: "local", secretAccessKey: "local" } }), {
        resourceArn: env.DB_CLUSTER_ARN,
        secretArn: env.DB_SECRET_ARN,
        database: env.DB_NAME,
    });
    const rows = await db.query<{ idempotency_key: string; order_id: string }>("SELECT idempotency_key, order_id FROM orders WHERE idempotency_key LIKE 'soak-%'");
    const byKey = new Map<string, string[]>();
    for (const r of rows) byKey.set(r.idempotency_key, [...(byKey.get(r.idempotency_key) ?? []), r.order_id]);
    for (const [key, ids] of outcomes) {
        if (ids.size > 1) result.orders.conflictingIds++;
        const stored = byKey.get(key) ?? [];
        if (stored.length !== 1 || !ids.has(stored[0])) result.orders.notExactlyOnce++;
    }
    for (const ids of outcomes.values()) {
        for (const id of ids) {
            const a = await call({ method: "GET", path: `/v1/orders/${id}`, headers });
            if (a.status !== 200) result.orders.unreadable++;
        }
    }
    const count = async (sql: string) => Number((await db.query<{ n: number }>(sql))[0].n);
    result.partial.ordersWithoutLines = await count("SELECT COUNT(*) AS n FROM orders o WHERE NOT EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = o.order_id)");
    result.partial.linesWithoutOrders = await count("SELECT COUNT(*) AS n FROM order_lines l WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.order_id = l.order_id)");
    const s3 = new S3Client(localS3ClientConfig(app.stores.endpoints.s3));
    const receipts = new Set<string>();
    // ListObjects (v1) with markers: s3rver answers InternalError to some v2 continuation tokens.
    for (let marker: string | undefined = ""; marker !== undefined; ) {
        const page: ListObjectsCommandOutput = await s3.send(new ListObjectsCommand({ Bucket: env.PRIVATE_BUCKET, Prefix: "receipts/", Marker: marker }));
        for (const o of page.Contents ?? []) receipts.add(o.Key as string);
        marker = page.IsTruncated ? page.Contents?.[page.Contents.length - 1]?.Key : undefined;
    }
    const orderReceipts = new Set((await db.query<{ receipt_key: string }>("SELECT receipt_key FROM orders")).map((r) => r.receipt_key));
    result.partial.ordersWithoutReceipts = [...orderReceipts].filter((k) => !receipts.has(k)).length;
    result.partial.receiptsWithoutOrders = [...receipts].filter((k) => !orderReceipts.has(k)).length;
}
