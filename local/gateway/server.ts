import * as http from "http";
import type { AddressInfo } from "net";
import { Gateway } from "./gateway";
import type { GatewayRequest } from "./request";
import type { WireResponse } from "./responses";
import type { GatewayOptions } from "./types";

/** A gateway listening on a port. */
export interface RunningGateway {
    /** `http://127.0.0.1:PORT`: the API's base URL, as clients reach it through CloudFront (no stage in the path). */
    readonly url: string;
    readonly port: number;
    readonly gateway: Gateway;
    /** Stops listening and drops open connections. */
    close(): Promise<void>;
}

/** Where the server binds. */
export interface ListenSettings {
    /** Default 0: a free port, so parallel tests never collide. */
    port?: number;
    /** Default `127.0.0.1`: nothing local is reachable from the network. */
    host?: string;
    /**
     * Answers the requests it claims (returns true) before the gateway sees them: local mode's stand-in for the
     * CloudFront behaviours that do not reach API Gateway (`/docs`, `/receipts/*`). Default: none.
     */
    front?: (req: http.IncomingMessage, res: http.ServerResponse) => boolean | Promise<boolean>;
}

/**
 * Starts the local API Gateway stage on `node:http`. The server only moves bytes: it reads the body up to the
 * gateway's limit and writes what {@link Gateway.handle} answers.
 */
export async function startGateway(options: GatewayOptions & ListenSettings): Promise<RunningGateway> {
    const gateway = new Gateway(options);
    const server = http.createServer((req, res) => {
        Promise.resolve()
            .then(() => options.front?.(req, res) ?? false)
            .then((claimed) => (claimed ? undefined : serve(gateway, req, res)))
            .catch((err) => {
            // Only a transport failure reaches here; the gateway maps everything else to a gateway response.
            if (!res.headersSent) res.writeHead(500);
            res.end();
            process.emitWarning(`local gateway: ${String(err)}`);
        });
    });
    const host = options.host ?? "127.0.0.1";
    await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(options.port ?? 0, host, () => resolve());
    });
    const port = (server.address() as AddressInfo).port;
    return {
        url: `http://${host}:${port}`,
        port,
        gateway,
        close: () =>
            new Promise<void>((resolve, reject) => {
                server.close((err) => (err ? reject(err) : resolve()));
                server.closeAllConnections();
            }),
    };
}

async function serve(gateway: Gateway, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const { body, tooLarge } = await readBody(req, gateway.maxBodyBytes);
    const url = new URL(req.url ?? "/", "http://localhost");
    const request: GatewayRequest = {
        method: req.method ?? "GET",
        rawPath: url.pathname,
        query: [...url.searchParams.entries()],
        rawHeaders: req.rawHeaders,
        body,
        sourceIp: (req.socket.remoteAddress ?? "127.0.0.1").replace(/^::ffff:/, ""),
        protocol: `HTTP/${req.httpVersion}`,
    };
    write(res, await gateway.handle(request, tooLarge));
}

function write(res: http.ServerResponse, response: WireResponse): void {
    for (const [name, values] of Object.entries(response.headers)) res.setHeader(name, values.length === 1 ? values[0] : values);
    res.setHeader("Content-Length", response.body.length);
    res.writeHead(response.status);
    res.end(response.body);
}

/**
 * Reads the body, keeping at most `limit` bytes. An oversized body is still drained (not buffered) before the
 * answer, so the client sees a clean 413 instead of a connection reset mid-upload.
 */
function readBody(req: http.IncomingMessage, limit: number): Promise<{ body: Buffer; tooLarge: boolean }> {
    return new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        let size = Number(req.headers["content-length"] ?? 0) > limit ? limit + 1 : 0;
        req.on("data", (chunk: Buffer) => {
            size += chunk.length;
            if (size <= limit) chunks.push(chunk);
        });
        req.on("end", () => resolve(size > limit ? { body: Buffer.alloc(0), tooLarge: true } : { body: Buffer.concat(chunks), tooLarge: false }));
        req.on("error", reject);
    });
}
