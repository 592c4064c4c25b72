import type { Db } from "./db";
import type { Migration } from "./migrations";

/** What a migration run did. */
export interface MigrationReport {
    /** Ids applied by this run, in order. */
    applied: string[];
    /** Ids found already applied. */
    alreadyApplied: string[];
}

/** Arbitrary but fixed key of the advisory lock that serializes concurrent runs (two deployments at once). */
const LOCK_KEY = 7_316_942;

/**
 * Applies pending migrations in order, each in its own transaction together with its row in `schema_migrations`,
 * so a failing migration leaves the schema as the previous one left it and the next run retries it. Idempotent:
 * applied ids are skipped; an applied migration whose file changed since is an error, never silently re-run.
 *
 * @param db - the database.
 * @param migrations - all migrations, in order.
 */
export async function migrate(db: Db, migrations: readonly Migration[]): Promise<MigrationReport> {
    await db.execute(
        `CREATE TABLE IF NOT EXISTS schema_migrations (
            id text PRIMARY KEY,
            checksum text NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now()
        )`,
    );
    const report: MigrationReport = { applied: [], alreadyApplied: [] };
    for (const m of migrations) {
        const done = await db.transaction(async (tx) => {
            await tx.query("SELECT pg_advisory_xact_lock(:key)", { key: LOCK_KEY });
            const rows = await tx.query<{ checksum: string }>("SELECT checksum FROM schema_migrations WHERE id = :id", { id: m.id });
            if (rows.length > 0) {
                if (rows[0].checksum !== m.checksum) throw new Error(`Migration ${m.id} changed after it was applied; add a new migration instead`);
                return true;
            }
            for (const statement of m.statements) await tx.execute(statement);
            await tx.execute("INSERT INTO schema_migrations (id, checksum) VALUES (:id, :checksum)", { id: m.id, checksum: m.checksum });
            return false;
        });
        (done ? report.alreadyApplied : report.applied).push(m.id);
    }
    return report;
}
