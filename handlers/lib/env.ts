/**
 * The one way a handler reads its environment.
 *
 * Every resource coordinate (table, buckets, cluster, issuer) reaches a function as an environment variable, so the
 * same code runs in Lambda, in tests and locally. Reading them all in the factory, once, makes a misconfigured
 * function fail at its first cold start with a message naming the variable, instead of deep inside a request.
 * Service endpoints are deliberately not here: the AWS SDK reads `AWS_ENDPOINT_URL_<SERVICE>` itself.
 */

/** Variables a function may require; listing them keeps names consistent with the component that sets them. */
export type EnvName =
    | "TABLE_NAME"
    | "ASSETS_BUCKET"
    | "PRIVATE_BUCKET"
    | "DB_CLUSTER_ARN"
    | "DB_SECRET_ARN"
    | "DB_NAME"
    | "SIGNING_KEY_SECRET_ARN"
    | "SIGNING_KEY_PAIR_ID"
    | "RECEIPTS_BASE_URL"
    | "USER_POOL_ID"
    | "ISSUER"
    | "ALLOWED_CLIENT_IDS"
    | "API_VERSION"
    | "CURSOR_SECRET_ARN";

/** Settings every function reads, each with a documented default. */
export interface CommonSettings {
    /** `POWERTOOLS_SERVICE_NAME`; default: the function's name. */
    serviceName: string;
    /** `POWERTOOLS_METRICS_NAMESPACE`; default `Portcullis`. */
    metricsNamespace: string;
    /** {@link resolveLogLevel}: `AWS_LAMBDA_LOG_LEVEL`, then `LOG_LEVEL`, then `INFO`. */
    logLevel: string;
    /** `CORS_ORIGINS`, comma-separated; default none (no browser access). */
    corsOrigins: readonly string[];
    /** `S3_FORCE_PATH_STYLE` is `"true"`; only the local stand-in needs path-style addressing. Default false. */
    s3ForcePathStyle: boolean;
}

/** Raised at start-up when a required variable is missing or empty. */
export class ConfigurationError extends Error {
    readonly code: string;
    constructor(message: string) {
        super(message);
        this.message = message;
        this.code = "ConfigurationError";
        this.name = "ConfigurationError";
    }
}

/**
 * Reads required variables; throws a {@link ConfigurationError} naming every missing one.
 *
 * @param names - the variables this function cannot run without.
 * @param source - the environment; default `process.env` (tests pass a plain object).
 */
export function requireEnv<K extends EnvName>(
    names: readonly K[],
    source: NodeJS.ProcessEnv = process.env,
): Readonly<Record<K, string>> {
    const missing = names.filter((n) => (source[n] ?? "").trim() === "");
    if (missing.length > 0) {
        throw new ConfigurationError(`Missing required environment variable(s): ${missing.join(", ")}`);
    }
    const values = {} as Record<K, string>;
    for (const n of names) values[n] = (source[n] as string).trim();
    return Object.freeze(values);
}

/**
 * Reads an optional whole-number variable; throws a {@link ConfigurationError} naming it when it is set but not a
 * whole number within `[min, max]`.
 */
export function optionalInteger(name: string, fallback: number, min: number, max: number, source: NodeJS.ProcessEnv = process.env): number {
    const raw = (source[name] ?? "").trim();
    if (raw === "") return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
        throw new ConfigurationError(`Environment variable ${name} must be a whole number from ${min} to ${max}; got "${raw}"`);
    }
    return value;
}

/** Splits a comma-separated variable into trimmed, non-empty items. */
export function listOf(value: string | undefined): string[] {
    return (value ?? "")
        .split(",")
        .map((s) => s.trim())
        .filter((s) => s.length > 0);
}

/**
 * Lambda's levels the logger lacks, as the nearest level that keeps at least as much: TRACE logs everything DEBUG
 * does, FATAL what ERROR does.
 */
const LAMBDA_LEVEL_ALIASES: Readonly<Record<string, string>> = { TRACE: "DEBUG", FATAL: "ERROR" };

/**
 * The functions' log level, in Powertools' order: `AWS_LAMBDA_LOG_LEVEL` (set by Lambda from the function's
 * `loggingConfig.applicationLogLevel`, so the console's and the API's log-level control wins), then `LOG_LEVEL`
 * (the stack's, and local mode's), then `INFO`. Blank values are skipped; the logger treats unknown ones as INFO.
 */
export function resolveLogLevel(source: NodeJS.ProcessEnv = process.env): string {
    const level = [source.AWS_LAMBDA_LOG_LEVEL, source.LOG_LEVEL].map((v) => (v ?? "").trim().toUpperCase()).find((v) => v !== "") ?? "INFO";
    return LAMBDA_LEVEL_ALIASES[level] ?? level;
}

/**
 * Settings every function shares, resolved as Powertools does: environment, then default.
 *
 * @param functionName - the default service name.
 * @param source - the environment; default `process.env`.
 */
export function commonSettings(functionName: string, source: NodeJS.ProcessEnv = process.env): CommonSettings {
    return Object.freeze({
        serviceName: source.POWERTOOLS_SERVICE_NAME || functionName,
        metricsNamespace: source.POWERTOOLS_METRICS_NAMESPACE || "Portcullis",
        logLevel: resolveLogLevel(source),
        corsOrigins: Object.freeze(listOf(source.CORS_ORIGINS)),
        s3ForcePathStyle: source.S3_FORCE_PATH_STYLE === "true",
    });
}
