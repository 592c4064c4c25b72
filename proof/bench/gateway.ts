import { spawn } from "child_process";
import { randomUUID } from "crypto";
import * as http from "http";
import type { AddressInfo } from "net";
import { loadFunctionPackage } from "../../harness/packages";

/** One autocannon run. */
export interface LoadFigures {
    label: string;
    requestsPerSec: number;
    p50Ms: number;
    p99Ms: number;
    total: number;
    non2xx: number;
    errors: number;
}

/** autocannon in its own process, so the load generator never shares an event loop with the server it loads. */
const CHILD = `
const autocannon = require("autocannon");
const o = JSON.parse(process.argv[1]);
autocannon({ url: o.url, connections: o.connections, duration: o.duration, headers: o.headers }, (err, r) => {
  if (err) { console.error(err); process.exit(1); }
  process.stdout.write(JSON.stringify({ rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, total: r.requests.total, non2xx: r.non2xx, errors: r.errors + r.timeouts }));
});
`;

/** Runs autocannon against `url` for `seconds` (after a warm-up of a third of that, not counted). */
export async function load(label: string, url: string, headers: Record<string, string>, connections: number, seconds: number): Promise<LoadFigures> {
    const run = (duration: number) =>
        new Promise<{ rps: number; p50: number; p99: number; total: number; non2xx: number; errors: number }>((resolve, reject) => {
            const child = spawn(process.execPath, ["-e", CHILD, JSON.stringify({ url, connections, duration, headers })], {
                cwd: process.cwd(),
                stdio: ["ignore", "pipe", "inherit"],
            });
            let out = "";
            child.stdout.on("data", (c: Buffer) => (out += c.toString()));
            child.on("exit", (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`autocannon exited with ${code}`))));
        });
    await run(Math.max(1, Math.round(seconds / 3)));
    const r = await run(seconds);
    return { label, requestsPerSec: r.rps, p50Ms: r.p50, p99Ms: r.p99, total: r.total, non2xx: r.non2xx, errors: r.errors };
}

/** A `node:http` server on a free loopback port. */
async function serve(listener: http.RequestListener): Promise<{ url: string; close(): Promise<void> }> {
    const server = http.createServer(listener);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return {
        url,
        close: () =>
            new Promise<void>((resolve) => {
                server.close(() => resolve());
                server.closeAllConnections();
            }),
    };
}

/**
 * The same function package behind a bare server: every request replays the proxy event the gateway built for
 * `GET /v1/products/{id}` (fresh request id), so the handler does exactly the work it does behind the gateway,
 * against the same DynamoDB stand-in, without routing, keys, throttles, the authorizer or validation.
 */
export async function directServer(recorded: unknown, env: Record<string, string>): Promise<{ url: string; close(): Promise<void> }> {
    const handler = await loadFunctionPackage("catalogRead", env);
    return serve((req, res) => {
        req.resume();
        req.on("end", () => {
            const event = structuredClone(recorded) as { requestContext: { requestId: string } };
            event.requestContext.requestId = randomUUID();
            handler(event, { awsRequestId: randomUUID() }).then(
                (r: { statusCode: number; headers?: Record<string, string>; body: string }) => {
                    res.writeHead(r.statusCode, r.headers ?? {});
                    res.end(r.body);
                },
                () => {
                    res.writeHead(500);
                    res.end();
                },
            );
        });
    });
}

/** A bare server answering fixed JSON: the floor of `node:http` on this machine. */
export function fixedJsonServer(): Promise<{ url: string; close(): Promise<void> }> {
    const body = JSON.stringify({ productId: "lamp-01", name: "Desk lamp", priceCents: 4900, currency: "EUR", stock: 25, version: 1 });
    return serve((_req, res) => {
        res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
        res.end(body);
    });
}
