import { randomBytes } from "crypto";
import * as http from "http";
import type { AddressInfo } from "net";
import { regionalAclRules } from "../../components/wafRules";
import { Gateway } from "./gateway";
import { evaluateAcl } from "./regionalAcl";
import type { GatewayRequest } from "./request";
import type { WireResponse } from "./responses";
import type { GatewayOptions } from "./types";

/** A gateway listening on a port. */
export interface RunningGateway {
    /** `http://127.0.0.1:PORT`: the API's base URL, as clients reach it through CloudFront (no stage in the path). */
    readonly url: string;
    readonly port: number;
    /**
     * `http://127.0.0.1:PORT/<stage>`: the stage's own endpoint, local mode's execute-api URL, behind the stack's
     * REGIONAL web ACL rules. AWS-side callers sign for this host and path (`/<stage>/v1/internal/stock`).
     */
    readonly regionalUrl: string;
    /** The origin-verify value the regional endpoint admits, as only the distribution knows it when deployed. */
    readonly originVerify: string;
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
    /** Port of the regional endpoint. Default 0: a free port. */
    regionalPort?: number;
}

/**
 * Starts the local API Gateway stage on `node:http`, on two listeners as deployed:
 *
 * - `url`, the distribution: paths without the stage (`/v1/...`), the `front` behaviours first. What reaches the
 *   gateway is what CloudFront would forward, so a SigV4 signature is checked against the regional host and the
 *   path with the stage (a signature made for this host fails, as it does through CloudFront).
 * - `regionalUrl`, the execute-api endpoint: paths with the stage, behind the REGIONAL web ACL's own rules
 *   (`regionalAclRules`): only SigV4-signed calls to the internal routes, or requests with the origin-verify
 *   value, get through; the rest gets WAF's 403.
 *
 * The servers only move bytes: they read the body up to the gateway's limit and write what {@link Gateway.handle}
 * answers.
 */
export async function startGateway(options: GatewayOptions & ListenSettings): Promise<RunningGateway> {
    const gateway = new Gateway(options);
    const stage = options.config.gateway.stageName;
    const host = options.host ?? "127.0.0.1";
    const originVerify = randomBytes(24).toString("hex");
    const rules = regionalAclRules({ stageName: stage, originVerify, metricPrefix: `${options.config.prefix}-regional` });
    let regionalHost = "";
    const onFailure = (res: http.ServerResponse) => (err: unknown) => {
        // Only a transport failure reaches here; the gateway maps everything else to a gateway response.
        if (!res.headersSent) res.writeHead(500);
        res.end();
        process.emitWarning(`local gateway: ${String(err)}`);
    };
    const distribution = http.createServer((req, res) => {
        Promise.resolve()
            .then(() => options.front?.(req, res) ?? false)
            .then((claimed) => {
                if (claimed) return undefined;
                const path = new URL(req.url ?? "/", "http://localhost").pathname;
                return serve(gateway, req, res, path, { host: regionalHost, rawPath: `/${stage}${path}` });
            })
            .catch(onFailure(res));
    });
    const regional = http.createServer((req, res) => {
        const path = new URL(req.url ?? "/", "http://localhost").pathname;
        const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(",") : v]));
        const verdict = evaluateAcl(rules, { uriPath: path, headers });
        if (verdict.action === "block") {
            res.writeHead(verdict.status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(verdict.body) }).end(verdict.body);
            return;
        }
        // execute-api answers a path outside any deployed stage with a bare 403.
        if (!path.startsWith(`/${stage}/`)) {
            const body = JSON.stringify({ message: "Forbidden" });
            res.writeHead(403, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body), "x-amzn-ErrorType": "ForbiddenException" }).end(body);
            return;
        }
        serve(gateway, req, res, path.slice(stage.length + 1), { host: req.headers.host ?? "", rawPath: path }).catch(onFailure(res));
    });
    const listen = (server: http.Server, port: number) => new Promise<number>((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
    });
    const port = await listen(distribution, options.port ?? 0);
    const regionalPort = await listen(regional, options.regionalPort ?? 0).catch(async (err) => {
        await closeServer(distribution);
        throw err;
    });
    regionalHost = `${host}:${regionalPort}`;
    return {
        url: `http://${host}:${port}`,
        port,
        regionalUrl: `http://${regionalHost}/${stage}`,
        originVerify,
        gateway,
        close: async () => {
            await Promise.all([closeServer(distribution), closeServer(regional)]);
        },
    };
}

function closeServer(server: http.Server): Promise<void> {
    return new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
    });
}

async function serve(gateway: Gateway, req: http.IncomingMessage, res: http.ServerResponse, rawPath: string, received: GatewayRequest["received"]): Promise<void> {
    const { body, tooLarge } = await readBody(req, gateway.maxBodyBytes);
    const url = new URL(req.url ?? "/", "http://localhost");
    const request: GatewayRequest = {
        method: req.method ?? "GET",
        rawPath,
        query: [...url.searchParams.entries()],
        rawHeaders: req.rawHeaders,
        body,
        sourceIp: (req.socket.remoteAddress ?? "127.0.0.1").replace(/^::ffff:/, ""),
        protocol: `HTTP/${req.httpVersion}`,
        received,
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
