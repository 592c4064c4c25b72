import { PGlite } from "@electric-sql/pglite";
import * as fs from "fs";
import * as path from "path";
import { writeFileAtomically } from "../atomicFile";
import { PROJECT_ROOT, projectCacheDir } from "../../config/project";

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
 * A freshly initialized, empty PGlite cluster as a tar of its data directory, cached per PGlite version (inside
 * node_modules, never committed). `initdb` is most of PGlite's start-up (about 7 s against 1.7 s from the tar on
 * a loaded two-core machine), and an empty cluster is the same every time.
 */
export function pgliteSnapshotFile(): string {
    // The package's exports hide its package.json from require.resolve; node_modules is the project's own.
    const { version } = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, "node_modules", "@electric-sql", "pglite", "package.json"), "utf8")) as { version: string };
    return path.join(projectCacheDir("portcullis-pglite"), `empty-cluster-${version}.tar`);
}

/** The cached empty cluster, or undefined when there is none yet (or it cannot be read). */
function readSnapshot(file: string): Buffer | undefined {
    try {
        return fs.readFileSync(file);
    } catch {
        return undefined;
    }
}

/** Keeps the empty cluster for the next start; written atomically, and a failure only costs the next start time. */
async function writeSnapshot(db: PGlite, file: string): Promise<void> {
    try {
        const tar = Buffer.from(await (await db.dumpDataDir("none")).arrayBuffer());
        writeFileAtomically(file, tar);
    } catch (err) {
        process.emitWarning(`PGlite: could not cache the empty cluster in ${file}: ${String(err)}`);
    }
}

/**
 * Starts PGlite (PostgreSQL compiled to WebAssembly) in this process. Without `persistDir`, the cluster starts from
 * the cached empty one ({@link pgliteSnapshotFile}) and the first start writes it, before anything else touches
 * the database; with `persistDir`, PGlite initializes that directory once and reopens it after.
 *
 * @param opts - optional persistence directory.
 */
export async function startPostgres(opts: PostgresOptions = {}): Promise<PostgresStandIn> {
    const db = opts.persistDir === undefined ? await inMemory() : new PGlite(opts.persistDir);
    await db.waitReady;
    return {
        db,
        async stop() {
            if (!db.closed) await db.close();
        },
    };
}

async function inMemory(): Promise<PGlite> {
    const file = pgliteSnapshotFile();
    const snapshot = readSnapshot(file);
    if (snapshot !== undefined) {
        try {
            const db = new PGlite({ loadDataDir: new Blob([snapshot]) });
            await db.waitReady;
            return db;
        } catch (err) {
            process.emitWarning(`PGlite: the cached empty cluster ${file} did not load (${String(err)}); initializing a new one`);
        }
    }
    const db = new PGlite();
    await db.waitReady;
    await writeSnapshot(db, file);
    return db;
}
