import { randomUUID } from "crypto";
import * as http from "http";
import { Readable } from "stream";
import { listenPausable, PausableServer } from "./server";

// dynalite ships no type declarations; its factory returns a plain http.Server with the DynamoDB handler attached.
const dynalite = require("dynalite") as (options: Record<string, unknown>) => http.Server;

/** Options of {@link startDynamo}. */
export interface DynamoOptions {
    /** Port to listen on. Default `0` (any free port). */
    port?: number;
    /** Directory of the LevelDB store, kept across restarts. Default: none, the tables live in memory. */
    persistDir?: string;
}

/** A running DynamoDB stand-in; point `DynamoDBClient` at `endpoint` with any static credentials. */
export type DynamoStandIn = PausableServer;

/**
 * Starts dynalite on 127.0.0.1.
 *
 * Table creation, deletion and updates complete at once (dynalite simulates minutes of CREATING otherwise), so
 * tests and `npm start` can use a table right after `CreateTable`.
 *
 * @param opts - port and optional persistence directory.
 */
export async function startDynamo(opts: DynamoOptions = {}): Promise<DynamoStandIn> {
    const server = dynalite({
        createTableMs: 0,
        deleteTableMs: 0,
        updateTableMs: 0,
        ...(opts.persistDir === undefined ? {} : { path: opts.persistDir }),
    });
    refuseNullBodies(server);
    return listenPausable(server, { port: opts.port });
}

/**
 * dynalite type-checks a body that is JSON `null` by reading its members and throws outside any handler, which
 * ends the whole process (`npm start` with it; issue 12's fuzzing found it). DynamoDB refuses such a body with a
 * SerializationException, so each body is read first: that one is answered here, every other request is handed
 * to dynalite unchanged.
 */
function refuseNullBodies(server: http.Server): void {
    const [dynaliteHandler] = server.listeners("request") as http.RequestListener[];
    server.removeAllListeners("request");
    server.on("request", (req: http.IncomingMessage, res: http.ServerResponse) => {
        const chunks: Buffer[] = [];
        req.on("data", (chunk: Buffer) => chunks.push(chunk));
        req.on("end", () => {
            const body = Buffer.concat(chunks);
            if (isJsonNull(body)) {
                const text = JSON.stringify({ __type: "com.amazon.coral.service#SerializationException" });
                res.writeHead(400, { "Content-Type": "application/x-amz-json-1.0", "Content-Length": Buffer.byteLength(text), "x-amzn-RequestId": randomUUID() });
                res.end(text);
                return;
            }
            const replay = Object.assign(Readable.from(body.length === 0 ? [] : [body]), { headers: req.headers, method: req.method, url: req.url });
            dynaliteHandler(replay as unknown as http.IncomingMessage, res);
        });
    });
}

function isJsonNull(body: Buffer): boolean {
    try {
        return JSON.parse(body.toString("utf8")) === null;
    } catch {
        return false;
    }
}
