import * as http from "http";
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
    return listenPausable(server, { port: opts.port });
}
