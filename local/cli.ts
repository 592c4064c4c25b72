import * as path from "path";
import { checkStart, StartupError } from "./preflight";

const USAGE = `Usage: npm start -- [--port PORT] [--persist DIR]

Runs the whole Portcullis API on localhost, with a local identity provider and data stores.

  --port PORT    port of the API, the portal (/docs) and receipts (/receipts/*); default 3000, 0 for any free one
  --persist DIR  keep data, keys and secrets in DIR between runs; default: fresh each start
  --help         this text

Writes .local/endpoints.json and .local/access.log; one instance at a time per checkout. Ctrl-C stops everything.`;

/** Where the running instance writes endpoints.json, its logs and the portal (local/app.ts's default outDir). */
const OUT_DIR = path.join(__dirname, "..", ".local");

/**
 * Each warning once per `npm start`. The AWS SDK warns about Node < 22 once per copy of the SDK it loads, and this
 * process holds several: its own and one per function sandbox (which route warnings here). The stand-ins' worker
 * is told not to repeat it (local/stores.ts).
 */
function warnOnce(): void {
    const emit = process.emitWarning.bind(process) as (warning: string | Error, ...rest: unknown[]) => void;
    const said = new Set<string>();
    process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
        const key = String(warning);
        if (said.has(key)) return;
        said.add(key);
        emit(warning, ...rest);
    }) as typeof process.emitWarning;
}

/** One line per start-up phase with its time, so a slow start says where it is. */
function progress(phase: string, ms: number, note?: string): void {
    console.log(`  ${phase.padEnd(10)} ${(ms / 1000).toFixed(1).padStart(5)} s${note === undefined ? "" : `  (${note})`}`);
}

/**
 * `npm start`: the whole API on localhost. `--port` (default 3000), `--persist DIR` to keep data between runs
 * (default: fresh each start). Every option, the port and the directories are checked, and the instance lock
 * taken, before the app's modules even load; SIGINT and SIGTERM stop everything, then the process exits 0.
 */
async function main(): Promise<void> {
    warnOnce();
    const plan = await checkStart(process.argv.slice(2), OUT_DIR);
    if (plan === "help") {
        console.log(USAGE);
        return;
    }
    const { port, persistDir, locks } = plan;
    process.on("exit", () => locks.forEach((l) => l.release()));
    // Since the process started (performance's time origin), so Node's and the entry's own start count too.
    progress("options", performance.now(), `port ${port === 0 ? "any free" : port}, ${persistDir === undefined ? "fresh state" : `state kept in ${persistDir}`}`);

    // Loaded only now: importing the app (the SDK, the program's modules) takes seconds.
    const loading = Date.now();
    const { howTo, startLocal } = await import("./app");
    progress("modules", Date.now() - loading);
    let app: Awaited<ReturnType<typeof startLocal>>;
    try {
        app = await startLocal({ port, persistDir, outDir: OUT_DIR, locks, progress });
    } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "EADDRINUSE") throw new StartupError(`--port ${port} was taken while starting: pick another with --port, or --port 0 for any free one`);
        throw err;
    }
    progress("ready", performance.now(), "since the process started");
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
    if (err instanceof StartupError) console.error(`${err.message}\n\n${USAGE}`);
    else console.error(err);
    process.exit(err instanceof StartupError ? 2 : 1);
});
