import * as http from "node:http";
import type { AddressInfo } from "node:net";

/** One request the fake received. */
export interface Received {
    method: string;
    url: string;
    headers: http.IncomingHttpHeaders;
    body: string;
}

/** A scripted answer: status, headers and a JSON body (or raw text). */
export interface Answer {
    status: number;
    headers?: Record<string, string>;
    json?: unknown;
    text?: string;
}

/** A `node:http` server on port 0 that answers from a script, one answer per request, and records requests. */
export class FakeApi {
    readonly received: Received[] = [];
    private readonly server = http.createServer((req, res) => {
        let body = "";
        req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
        req.on("end", () => {
            this.received.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
            const answer = this.script.shift() ?? { status: 500, json: { message: "Internal server error" } };
            const payload = answer.text ?? (answer.json === undefined ? "" : JSON.stringify(answer.json));
            res.writeHead(answer.status, { ...(payload ? { "Content-Type": "application/json" } : {}), ...answer.headers });
            res.end(payload);
        });
    });
    private script: Answer[] = [];

    /** Starts listening on a free loopback port and returns the base URL. */
    async start(): Promise<string> {
        await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
        return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    }

    /** Queues answers for the next requests, in order. */
    answer(...answers: Answer[]): void {
        this.script.push(...answers);
    }

    reset(): void {
        this.received.length = 0;
        this.script = [];
    }

    stop(): Promise<void> {
        return new Promise((resolve) => this.server.close(() => resolve()));
    }
}
