import { parseArgs } from "util";
import { howTo, startLocal } from "./app";

/**
 * `npm start`: the whole API on localhost. `--port` (default 3000), `--persist DIR` to keep data between runs
 * (default: fresh each start). SIGINT and SIGTERM stop everything before exiting.
 */
async function main(): Promise<void> {
    const { values } = parseArgs({ options: { port: { type: "string", default: "3000" }, persist: { type: "string" } } });
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number, got ${values.port}`);
    const app = await startLocal({ port, persistDir: values.persist });
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
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
});
