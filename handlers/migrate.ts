import { database } from "./lib/clients";
import { commonSettings } from "./lib/env";
import { createLogger } from "./lib/log";
import { migrate, MigrationReport } from "./lib/migrator";
import { MIGRATIONS } from "./lib/migrations";
import { defineManifest } from "./manifest";

/**
 * Applies the SQL migrations in `lib/migrations/` in order. Invoked once per deployment by
 * `aws.lambda.Invocation` (its input is ignored; a changed migration set changes the function's code, which
 * re-runs the invocation), and locally by the same code. Answers what it applied; throws on any failure, which
 * fails the deployment.
 *
 * The migrations are read when the program loads and captured as values, so they ship inside the serialized code.
 *
 * Environment and permissions: {@link manifest}.
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

/** What migrate needs (checked against the code above by tests/handlers/manifests.test.ts). The secret is encrypted with the data key; Secrets Manager decrypts it on the role's behalf, and only then (kms:ViaService). */
export const manifest = defineManifest({
    env: ["DB_CLUSTER_ARN", "DB_SECRET_ARN", "DB_NAME"],
    grants: [
        { sid: "RunMigrations", actions: ["rds-data:ExecuteStatement", "rds-data:BeginTransaction", "rds-data:CommitTransaction", "rds-data:RollbackTransaction"], on: "cluster" },
        { sid: "ReadDatabaseSecret", actions: ["secretsmanager:GetSecretValue"], on: "clusterSecret", calledBy: "rds-data" },
        { sid: "DecryptDatabaseSecret", actions: ["kms:Decrypt"], on: "dataKey", viaService: "secretsmanager" },
    ],
});
