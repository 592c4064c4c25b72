import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";
import { howTo, startLocal } from "./app";

const USAGE = `Usage: npm start -- [--port PORT] [--persist DIR]

Runs the whole Portcullis API on localhost, with a local identity provider and data stores.

  --port PORT    port of the API, the portal (/docs) and receipts (/receipts/*); default 3000, 0 for any free one
  --persist DIR  keep data, keys and secrets in DIR between runs; default: fresh each start
  --help         this text

Writes .local/endpoints.json and .local/access.log. Ctrl-C stops everything.`;

/** A command-line mistake: printed without a stack trace, with the usage. */
class UsageError extends Error {
    override name = "UsageError";
}

function parsePort(value: string): number {
    const port = Number(value);
    if (!/^\d+$/.test(value) || port > 65535) throw new UsageError(`--port must be a whole number from 0 to 65535, got '${value}'`);
    return port;
}

/** Creates the directory if needed and proves it writable, so a bad --persist fails before anything starts. */
function usableDir(dir: string): string {
    const resolved = path.resolve(dir);
    try {
        fs.mkdirSync(resolved, { recursive: true });
        fs.accessSync(resolved, fs.constants.W_OK | fs.constants.R_OK);
    } catch (err) {
        throw new UsageError(`--persist ${dir}: not a usable directory (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    }
    if (!fs.statSync(resolved).isDirectory()) throw new UsageError(`--persist ${dir}: not a directory`);
    return resolved;
}

/**
 * `npm start`: the whole API on localhost. `--port` (default 3000), `--persist DIR` to keep data between runs
 * (default: fresh each start). SIGINT and SIGTERM stop everything, then the process exits 0.
 */
async function main(): Promise<void> {
    let values: { port: string; persist?: string; help?: boolean };
    try {
        ({ values } = parseArgs({ options: { port: { type: "string", default: "3000" }, persist: { type: "string" }, help: { type: "boolean" } } }));
    } catch (err) {
        throw new UsageError((err as Error).message);
    }
    if (values.help) {
        console.log(USAGE);
        return;
    }
    const port = parsePort(values.port);
    const persistDir = values.persist === undefined ? undefined : usableDir(values.persist);
    let app: Awaited<ReturnType<typeof startLocal>>;
    try {
        app = await startLocal({ port, persistDir });
    } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "EADDRINUSE") throw new UsageError(`Port ${port} is in use: pick another with --port, or --port 0 for any free one`);
        throw err;
    }
    console.log(howTo(app.endpoints));
    let stopping = false;
    const stop = (signal: string) => {
        if (stopping) return;
        stopping = true;
        console.log(`\n${signal}: stopping...`);
        app.stop().then(
            () => process.exit(0),
            (err) => {
                console.error(err);
                process.exit(1);
            },
        );
    };
    process.on("SIGINT", () => stop("SIGINT"));
    process.on("SIGTERM", () => stop("SIGTERM"));
}

main().catch((err) => {
    if (err instanceof UsageError) console.error(`${err.message}\n\n${USAGE}`);
    else console.error(err);
    process.exit(err instanceof UsageError ? 2 : 1);
});
