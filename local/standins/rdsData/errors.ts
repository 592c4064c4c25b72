/**
 * The error names the RDS Data API answers with; the SDK turns each into the exception class of that name.
 * Only the ones this stand-in raises are listed.
 */
export type DataApiErrorName =
    | "BadRequestException"
    | "DatabaseErrorException"
    | "HttpEndpointNotEnabledException"
    | "SecretsErrorException"
    | "StatementTimeoutException"
    | "TransactionNotFoundException"
    | "InternalServerErrorException";

const STATUS: Record<DataApiErrorName, number> = {
    BadRequestException: 400,
    DatabaseErrorException: 400,
    HttpEndpointNotEnabledException: 400,
    SecretsErrorException: 400,
    StatementTimeoutException: 400,
    TransactionNotFoundException: 404,
    InternalServerErrorException: 500,
};

/** A Data API error, sent as `x-amzn-errortype: NAME` with `{"message": ...}` like the service's REST-JSON protocol. */
export class DataApiError extends Error {
    /** The HTTP status the service uses for this error. */
    readonly status: number;

    /**
     * @param errorType - the service's error name, which the SDK maps to its exception class.
     * @param message - the message the SDK exposes as `error.message`.
     */
    constructor(readonly errorType: DataApiErrorName, message: string) {
        super(message);
        this.name = "DataApiError";
        this.status = STATUS[errorType];
    }
}

/** The fields of a PostgreSQL error that the Data API folds into its message. */
export interface PostgresErrorFields {
    message: string;
    code?: string;
    detail?: string;
    hint?: string;
    position?: string;
    where?: string;
}

/**
 * Formats a PostgreSQL error the way the Data API does (it relays the JDBC driver's text and adds the SQLSTATE):
 * `ERROR: duplicate key value violates unique constraint "t_pkey"\n  Detail: Key (id)=(1) already exists.; SQLState: 23505`.
 */
export function postgresErrorMessage(err: PostgresErrorFields, severity = "ERROR"): string {
    let text = `${severity}: ${err.message}`;
    if (err.detail) text += `\n  Detail: ${err.detail}`;
    if (err.hint) text += `\n  Hint: ${err.hint}`;
    if (err.position) text += `\n  Position: ${err.position}`;
    if (err.where) text += `\n  Where: ${err.where}`;
    return err.code ? `${text}; SQLState: ${err.code}` : text;
}

/** True for the error objects PGlite throws for SQL failures (they carry a five-character SQLSTATE). */
export function isPostgresError(err: unknown): err is PostgresErrorFields & { severity?: string } {
    const code: unknown = err instanceof Error ? (err as Error & { code?: unknown }).code : undefined;
    return typeof code === "string" && /^[0-9A-Z]{5}$/.test(code);
}
