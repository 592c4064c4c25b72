import { database } from "./lib/clients";
import { commonSettings } from "./lib/env";
import { createLogger } from "./lib/log";
import { migrate, MigrationReport } from "./lib/migrator";
import { MIGRATIONS } from "./lib/migrations";

/**
 * Applies the SQL migrations in `lib/migrations/` in order. Invoked once per deployment by
 * `aws.lambda.Invocation` (its input is ignored; a changed migration set changes the function's code, which
 * re-runs the invocation), and locally by the same code. Answers what it applied; throws on any failure, which
 * fails the deployment.
 *
 * The migrations are read when the program loads and captured as values, so they ship inside the serialized code.
 *
 * Environment: `DB_CLUSTER_ARN`, `DB_SECRET_ARN`, `DB_NAME`. IAM: `rds-data:ExecuteStatement`,
 * `rds-data:BeginTransaction`, `rds-data:CommitTransaction`, `rds-data:RollbackTransaction` on the cluster;
 * `secretsmanager:GetSecretValue` on the cluster secret.
 */
export function createHandler(): (event?: unknown) => Promise<MigrationReport> {
    const db = database("migration");
    const settings = commonSettings("migrate");
    const log = createLogger(settings.serviceName, settings.logLevel);
    const migrations = MIGRATIONS;
    return async () => {
        const report = await migrate(db, migrations);
        log.info("migrations", { applied: report.applied, alreadyApplied: report.alreadyApplied.length });
        return report;
    };
}
