import * as http from "http";
import type { PGlite } from "@electric-sql/pglite";
import { DataApiError, DataApiErrorName, isPostgresError, postgresErrorMessage } from "./rdsData/errors";
import { SessionManager } from "./rdsData/sessions";
import { runStatement, StatementRequest } from "./rdsData/statement";
import { loadTypeCatalog, TypeCatalog } from "./rdsData/typeCatalog";
import { WireSqlParameter } from "./rdsData/values";
import { listenPausable, PausableServer, readBody, sendJson } from "./server";

/** Defaults of {@link RdsDataApiOptions}, the Data API's own limits. */
export const RDS_DATA_API_DEFAULTS = {
    /** `postgres`, PGlite's only database. */
    database: "postgres",
    /** 45 s: the Data API's limit for a statement run without `continueAfterTimeout`. */
    statementTimeoutMs: 45_000,
    /** 3 min: the Data API rolls back a transaction that no call has used for that long. */
    transactionIdleTimeoutMs: 180_000,
    /** `BadRequestException`, which the Data API used for SQL errors before its 2023 redesign. */
    sqlErrorType: "BadRequestException",
} as const;

/** Options of {@link startRdsDataApi}. */
export interface RdsDataApiOptions {
    /** The database to serve, usually `startPostgres().db`. Not closed on stop: its owner closes it. */
    db: PGlite;
    /** Port to listen on. Default `0` (any free port). */
    port?: number;
    /** The only cluster ARN accepted; any other gets `HttpEndpointNotEnabledException` as on AWS. */
    resourceArn: string;
    /** The only secret ARN accepted; any other gets `SecretsErrorException`. */
    secretArn: string;
    /** The only database name accepted in `database`. Default `postgres`. */
    database?: string;
    /** How long a statement waits for a database held by a transaction. Default 45 000 ms. */
    statementTimeoutMs?: number;
    /** Idle time after which an open transaction is rolled back. Default 180 000 ms. */
    transactionIdleTimeoutMs?: number;
    /**
     * The error name for SQL failures. Default `BadRequestException`. The Data API for Aurora Serverless v2 and
     * provisioned clusters answers `DatabaseErrorException` (same message); handlers should accept both.
     */
    sqlErrorType?: "BadRequestException" | "DatabaseErrorException";
}

/** A running Data API stand-in; point `RDSDataClient` at `endpoint` with any static credentials. */
export type RdsDataApiStandIn = PausableServer;

/** The request fields common to every operation. */
interface TargetedRequest {
    resourceArn?: string;
    secretArn?: string;
    database?: string;
    transactionId?: string;
}

type Settings = Required<Omit<RdsDataApiOptions, "db" | "port">>;

/** Whether the caller's connection is gone, so an answer would never reach it. */
type ClientGone = () => boolean;

type Operation = (body: Record<string, unknown>, clientGone: ClientGone) => Promise<unknown>;

/**
 * Serves the RDS Data API (`/Execute`, `/BatchExecute`, `/BeginTransaction`, `/CommitTransaction`,
 * `/RollbackTransaction`, REST-JSON as the SDK speaks it) on top of a PGlite database.
 *
 * @param opts - the database, the ARNs to accept and the timeouts.
 */
export async function startRdsDataApi(opts: RdsDataApiOptions): Promise<RdsDataApiStandIn> {
    const settings: Settings = {
        resourceArn: opts.resourceArn,
        secretArn: opts.secretArn,
        database: opts.database ?? RDS_DATA_API_DEFAULTS.database,
        statementTimeoutMs: opts.statementTimeoutMs ?? RDS_DATA_API_DEFAULTS.statementTimeoutMs,
        transactionIdleTimeoutMs: opts.transactionIdleTimeoutMs ?? RDS_DATA_API_DEFAULTS.transactionIdleTimeoutMs,
        sqlErrorType: opts.sqlErrorType ?? RDS_DATA_API_DEFAULTS.sqlErrorType,
    };
    const catalog = await loadTypeCatalog(opts.db);
    const sessions = new SessionManager(opts.db, settings);
    const operations = buildOperations(opts.db, catalog, sessions, settings);
    const server = http.createServer((req, res) => {
        void handle(req, res, operations, settings.sqlErrorType);
    });
    // An outage rolls back open transactions, at its start and again at its end (a request in flight when the
    // outage began may still open one whose answer never reached the client). On AWS a transaction a client lost
    // track of holds only its own row locks until it times out; here one transaction holds the whole
    // single-session database, so keeping it would stall every caller for the idle timeout (3 minutes).
    const rollbackAll = () => sessions.rollbackAll();
    return listenPausable(server, { port: opts.port, onStop: rollbackAll, onPause: rollbackAll, onResume: rollbackAll });
}

function buildOperations(
    db: PGlite,
    catalog: TypeCatalog,
    sessions: SessionManager,
    settings: Settings,
): Record<string, Operation> {
    // Every operation checks the target first, in the order AWS does: cluster, then secret, then database.
    const checkTarget = (req: TargetedRequest): void => {
        if (req.resourceArn !== settings.resourceArn) {
            throw new DataApiError("HttpEndpointNotEnabledException", `HttpEndpoint is not enabled for resource ${req.resourceArn}`);
        }
        if (req.secretArn !== settings.secretArn) {
            throw new DataApiError("SecretsErrorException", "Secrets Manager can't find the specified secret.");
        }
        if (req.database !== undefined && req.database !== "" && req.database !== settings.database) {
            throw new DataApiError(settings.sqlErrorType, `FATAL: database "${req.database}" does not exist; SQLState: 3D000`);
        }
    };
    const inSession = <T>(transactionId: string | undefined, work: () => Promise<T>): Promise<T> =>
        transactionId ? sessions.inTransaction(transactionId, work) : sessions.autocommit(work);
    const statement = (body: Record<string, unknown>): StatementRequest => {
        if (typeof body.sql !== "string" || body.sql.trim() === "") {
            throw new DataApiError("BadRequestException", "SQL statement is required.");
        }
        return body as unknown as StatementRequest;
    };
    return {
        "/Execute": async (body) => {
            checkTarget(body);
            const request = statement(body);
            return inSession(body.transactionId as string | undefined, () => runStatement(db, catalog, request));
        },
        "/BatchExecute": async (body) => {
            checkTarget(body);
            const request = statement(body);
            const sets = (body.parameterSets as WireSqlParameter[][] | undefined) ?? [];
            const runAll = async () => {
                for (const parameters of sets) await runStatement(db, catalog, { sql: request.sql, parameters });
                return { updateResults: sets.map(() => ({ generatedFields: [] })) };
            };
            if (body.transactionId) return sessions.inTransaction(body.transactionId as string, runAll);
            // Outside a transaction the batch is all or nothing, so a failing set leaves no half-applied batch.
            // (Plain BEGIN/COMMIT, not `db.transaction`, whose exclusive lock would block the queries inside it.)
            return sessions.autocommit(async () => {
                await db.exec("BEGIN");
                try {
                    const result = await runAll();
                    await db.exec("COMMIT");
                    return result;
                } catch (err) {
                    await db.exec("ROLLBACK");
                    throw err;
                }
            });
        },
        "/BeginTransaction": async (body, clientGone) => {
            checkTarget(body);
            const transactionId = await sessions.begin();
            // A begin that waited for the database while its caller went away (an outage drops every
            // connection) would hold the single session with nobody to end it: roll it back at once.
            if (clientGone()) {
                await sessions.end(transactionId, "ROLLBACK");
                throw new DataApiError("BadRequestException", "The client went away before the transaction began.");
            }
            return { transactionId };
        },
        "/CommitTransaction": async (body) => {
            checkTarget(body);
            await sessions.end(String(body.transactionId), "COMMIT");
            return { transactionStatus: "Transaction Committed" };
        },
        "/RollbackTransaction": async (body) => {
            checkTarget(body);
            await sessions.end(String(body.transactionId), "ROLLBACK");
            return { transactionStatus: "Rollback Complete" };
        },
    };
}

async function handle(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    operations: Record<string, Operation>,
    sqlErrorType: DataApiErrorName,
): Promise<void> {
    try {
        const operation = req.method === "POST" ? operations[req.url ?? ""] : undefined;
        if (!operation) throw new DataApiError("BadRequestException", `Unsupported operation ${req.method} ${req.url}.`);
        const text = await readBody(req);
        let body: unknown;
        try {
            body = text === "" ? {} : JSON.parse(text);
        } catch {
            throw new DataApiError("BadRequestException", "The request body is not valid JSON.");
        }
        sendJson(res, 200, await operation(checkShape(body), () => res.destroyed || req.socket.destroyed));
    } catch (err) {
        const error = toDataApiError(err, sqlErrorType);
        sendJson(res, error.status, { message: error.message }, { "x-amzn-errortype": error.errorType });
    }
}

/** Members every operation may read, by the JSON type the service's model gives them. */
const MEMBER_TYPES: Readonly<Record<string, "string" | "boolean" | "array">> = {
    resourceArn: "string",
    secretArn: "string",
    database: "string",
    schema: "string",
    sql: "string",
    transactionId: "string",
    formatRecordsAs: "string",
    includeResultMetadata: "boolean",
    continueAfterTimeout: "boolean",
    parameters: "array",
    parameterSets: "array",
};

/**
 * The body as the service deserializes it before any operation runs: an object whose members have their model's
 * types, parameters being objects (in arrays, for parameterSets). Anything else is the caller's error, a 400, as the
 * service answers it, never a stand-in failure.
 */
function checkShape(body: unknown): Record<string, unknown> {
    const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
    if (!isObject(body)) throw new DataApiError("BadRequestException", "The request body must be a JSON object.");
    for (const [name, type] of Object.entries(MEMBER_TYPES)) {
        const value = body[name];
        if (value === undefined || value === null) continue;
        if (type === "array" ? !Array.isArray(value) : typeof value !== type) throw new DataApiError("BadRequestException", `${name} must be of type ${type}.`);
    }
    const fields = [...((body.parameters as unknown[] | undefined) ?? []), ...((body.parameterSets as unknown[] | undefined) ?? []).flatMap((set) => (Array.isArray(set) ? set : [undefined]))];
    if (!fields.every(isObject)) throw new DataApiError("BadRequestException", "Every SQL parameter must be an object, and every parameter set an array of them.");
    return body;
}

function toDataApiError(err: unknown, sqlErrorType: DataApiErrorName): DataApiError {
    if (err instanceof DataApiError) return err;
    if (isPostgresError(err)) return new DataApiError(sqlErrorType, postgresErrorMessage(err, err.severity));
    // Unexpected failures are the stand-in's own bugs: say so plainly rather than dress them as SQL errors.
    return new DataApiError("InternalServerErrorException", `Data API stand-in failure: ${String(err)}`);
}
