import {
    BeginTransactionCommand,
    CommitTransactionCommand,
    ExecuteStatementCommand,
    RDSDataClient,
    RollbackTransactionCommand,
    SqlParameter,
} from "@aws-sdk/client-rds-data";

/**
 * Aurora PostgreSQL through the RDS Data API: HTTPS calls signed with the function's role, so functions need no VPC,
 * no driver and no connection pool, and the same code reaches the local stand-in.
 */

/** A value bound to a named parameter (`:name` in the SQL). */
export type SqlValue = string | number | boolean | null | TypedValue;

/** A string the database must read as another type; the Data API binds plain strings as VARCHAR. */
export interface TypedValue {
    typeHint: "DATE" | "TIMESTAMP" | "UUID" | "JSON" | "DECIMAL";
    value: string;
}

/** Binds `value` as a DATE (`YYYY-MM-DD`). */
export const sqlDate = (value: string): TypedValue => ({ typeHint: "DATE", value });

/** Where statements go: the cluster, the secret holding its credentials, and the database. */
export interface DbTarget {
    resourceArn: string;
    secretArn: string;
    database: string;
}

/** Runs statements, in a transaction when `transactionId` is set. */
export interface Sql {
    /** Rows as plain objects keyed by column name (`formatRecordsAs: JSON`). */
    query<T = Record<string, unknown>>(sql: string, params?: Record<string, SqlValue>): Promise<T[]>;
    /** Number of rows an INSERT, UPDATE or DELETE changed. */
    execute(sql: string, params?: Record<string, SqlValue>): Promise<number>;
}

/** A {@link Sql} outside any transaction that can also open one. */
export interface Db extends Sql {
    /**
     * Runs `work` in one transaction: committed if it resolves, rolled back if it throws (and the error rethrown),
     * so a failure anywhere leaves nothing half-written.
     */
    transaction<T>(work: (tx: Sql) => Promise<T>): Promise<T>;
}

/** Converts named values into Data API parameters. Integers bind as BIGINT, other numbers as DOUBLE. */
export function toParameters(params: Record<string, SqlValue>): SqlParameter[] {
    return Object.entries(params).map(([name, v]): SqlParameter => {
        if (v === null) return { name, value: { isNull: true } };
        if (typeof v === "string") return { name, value: { stringValue: v } };
        if (typeof v === "boolean") return { name, value: { booleanValue: v } };
        if (typeof v === "number") return { name, value: Number.isInteger(v) ? { longValue: v } : { doubleValue: v } };
        return { name, typeHint: v.typeHint, value: { stringValue: v.value } };
    });
}

/**
 * Creates the database accessor of a function.
 *
 * @param client - an `RDSDataClient`, built once per container.
 * @param target - cluster ARN, secret ARN and database name from the environment.
 */
export function createDb(client: RDSDataClient, target: DbTarget): Db {
    const sqlIn = (transactionId?: string): Sql => {
        const run = (sql: string, params: Record<string, SqlValue>) =>
            client.send(new ExecuteStatementCommand({ ...target, sql, parameters: toParameters(params), transactionId, formatRecordsAs: "JSON" }));
        return {
            async query<T>(sql: string, params: Record<string, SqlValue> = {}) {
                const out = await run(sql, params);
                return JSON.parse(out.formattedRecords ?? "[]") as T[];
            },
            async execute(sql, params = {}) {
                return (await run(sql, params)).numberOfRecordsUpdated ?? 0;
            },
        };
    };
    return {
        ...sqlIn(),
        async transaction(work) {
            const { transactionId } = await client.send(new BeginTransactionCommand(target));
            try {
                const result = await work(sqlIn(transactionId));
                await client.send(new CommitTransactionCommand({ resourceArn: target.resourceArn, secretArn: target.secretArn, transactionId }));
                return result;
            } catch (err) {
                // Best effort: if the store is gone the Data API rolls back an idle transaction itself (3 min).
                await client
                    .send(new RollbackTransactionCommand({ resourceArn: target.resourceArn, secretArn: target.secretArn, transactionId }))
                    .catch(() => undefined);
                throw err;
            }
        },
    };
}

/** Whether a Data API error is a PostgreSQL unique violation (SQLSTATE 23505), e.g. a concurrent idempotent retry. */
export function isUniqueViolation(err: unknown): boolean {
    const e = err as { name?: string; message?: string } | null;
    return (e?.name === "BadRequestException" || e?.name === "DatabaseErrorException") && /SQLState: 23505/.test(e.message ?? "");
}

/** SQL that renders a timestamptz column as an ISO 8601 UTC string, the same from Aurora and from the stand-in. */
export const isoUtc = (column: string): string => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
