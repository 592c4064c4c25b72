import * as http from "http";
import * as https from "https";

/**
 * A minimal HTTP client on `node:http`: unlike `fetch`, it sends the path exactly as given (no `..` resolution),
 * any method and any header, which an attack needs; the soak reuses it with a keep-alive agent.
 */

/** One request. `path` is sent verbatim and may hold a query string. */
export interface Sent {
    method: string;
    path: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
}

/** What came back. `status` 0 means the connection failed (`error` says how). */
export interface Answer {
    status: number;
    headers: http.IncomingHttpHeaders;
    text: string;
    error?: string;
}

/** Sends `req` to `base` (`http(s)://host:port`), resolving (never rejecting) within `timeoutMs`. */
export function send(base: string, req: Sent, options: { agent?: http.Agent; timeoutMs?: number } = {}): Promise<Answer> {
    const url = new URL(base);
    const client = url.protocol === "https:" ? https : http;
    const basePath = url.pathname.replace(/\/+$/, "");
    return new Promise((resolve) => {
        const body = req.body === undefined ? undefined : Buffer.isBuffer(req.body) ? req.body : Buffer.from(req.body);
        const r = client.request(
            {
                host: url.hostname,
                port: url.port,
                method: req.method,
                path: `${basePath}${req.path}`,
                headers: { ...(body === undefined ? {} : { "content-length": String(body.length) }), ...req.headers },
                agent: options.agent,
                timeout: options.timeoutMs ?? 15_000,
            },
            (res) => {
                const chunks: Buffer[] = [];
                res.on("data", (c: Buffer) => chunks.push(c));
                res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString("utf8") }));
                res.on("error", (err) => resolve({ status: 0, headers: {}, text: "", error: err.message }));
            },
        );
        r.on("timeout", () => r.destroy(new Error("timeout")));
        r.on("error", (err) => resolve({ status: 0, headers: {}, text: "", error: err.message }));
        r.end(body);
    });
}

/** The JSON body of an answer, or undefined when it is not JSON. */
export function jsonOf(answer: Answer): unknown {
    try {
        return JSON.parse(answer.text) as unknown;
    } catch {
        return undefined;
    }
}
