import { PGlite } from "@electric-sql/pglite";

/** Options of {@link startPostgres}. */
export interface PostgresOptions {
    /** Data directory kept across restarts. Default: none, the database lives in memory. */
    persistDir?: string;
}

/** A running embedded PostgreSQL. */
export interface PostgresStandIn {
    /** The single-session database; serve it to handlers through `startRdsDataApi`, not directly. */
    readonly db: PGlite;
    /** Closes the database, flushing it to `persistDir` when one was given. */
    stop(): Promise<void>;
}

/**
 * Starts PGlite (PostgreSQL compiled to WebAssembly) in this process.
 *
 * @param opts - optional persistence directory.
 */
export async function startPostgres(opts: PostgresOptions = {}): Promise<PostgresStandIn> {
    const db = opts.persistDir === undefined ? new PGlite() : new PGlite(opts.persistDir);
    await db.waitReady;
    return {
        db,
        async stop() {
            if (!db.closed) await db.close();
        },
    };
}
