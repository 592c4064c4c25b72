/**
 * The environment a function runs with locally: the one the program gives it, with only what must point at this
 * machine replaced. The stand-ins answer to the program's own coordinates (table, buckets, cluster and secret
 * ARNs, user pool, client ids), so those values stay as deployed; only URLs change, and the variables the SDK
 * reads to find its endpoints, region and credentials are added. Anything else that names a resource (an ARN or
 * an AWS endpoint no stand-in answers to) stops local mode at start-up: the program and local mode have drifted apart.
 */

import type { EnvName } from "../handlers/lib/env";

/** Variables naming a resource that a local stand-in serves under the program's very value. */
export const COORDINATE_VARIABLES = [
    "TABLE_NAME",
    "ASSETS_BUCKET",
    "PRIVATE_BUCKET",
    "DB_CLUSTER_ARN",
    "DB_SECRET_ARN",
    "DB_NAME",
    "CURSOR_SECRET_ARN",
    "SIGNING_KEY_SECRET_ARN",
    "SIGNING_KEY_PAIR_ID",
    "USER_POOL_ID",
    "ALLOWED_CLIENT_IDS",
    // Checked against the names handlers may require (their manifests' `env`), so a rename cannot drift apart.
] as const satisfies readonly EnvName[];
export type CoordinateVariable = (typeof COORDINATE_VARIABLES)[number];
/** The value of each coordinate, as the program's functions name it and the stand-ins answer to it. */
export type Coordinates = Readonly<Record<CoordinateVariable, string>>;

/** Variables holding a URL of the deployed stack; locally they hold this machine's. */
export const URL_VARIABLES = ["ISSUER", "JWKS_URL", "RECEIPTS_BASE_URL"] as const;
export type UrlVariable = (typeof URL_VARIABLES)[number];

/** Variables local mode adds to every function: what the Lambda runtime sets, and what points the SDK here. */
export const LOCAL_RUNTIME_VARIABLES = [
    "AWS_REGION",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_ENDPOINT_URL_DYNAMODB",
    "AWS_ENDPOINT_URL_S3",
    "AWS_ENDPOINT_URL_RDS_DATA",
    "AWS_ENDPOINT_URL_SECRETS_MANAGER",
    "S3_FORCE_PATH_STYLE",
] as const;

/** Where things are on this machine, and the coordinates the stand-ins were started with. */
export interface LocalTargets {
    region: string;
    credentials: { accessKeyId: string; secretAccessKey: string };
    endpoints: { dynamodb: string; s3: string; rdsData: string; secretsManager: string };
    /** The local value of each URL variable (the IdP's issuer for the program's pool id, its JWKS, the local server). */
    urls: Readonly<Record<UrlVariable, string>>;
    coordinates: Coordinates;
}

/** Raised at start-up when the program's functions name something local mode cannot serve. */
export class LocalEnvironmentError extends Error {
    readonly code = "LocalEnvironmentError";
    override name = "LocalEnvironmentError";
}

const isCoordinate = (name: string): name is CoordinateVariable => (COORDINATE_VARIABLES as readonly string[]).includes(name);
const isUrlVariable = (name: string): name is UrlVariable => (URL_VARIABLES as readonly string[]).includes(name);
/**
 * Values that name an AWS resource: an ARN, or an AWS endpoint (e.g. a queue URL). Other URLs are not resources
 * (`CORS_ORIGINS` lists browser origins).
 */
const NAMES_A_RESOURCE = /^arn:|\.amazonaws\.com/i;

/**
 * The environment of one function locally: `programEnv` as the program sets it, URL variables replaced with
 * `targets.urls`, and {@link LOCAL_RUNTIME_VARIABLES} added. Pure.
 *
 * @throws {LocalEnvironmentError} naming every variable whose value no stand-in answers to: a coordinate other
 *   than the one the stand-in serves, or an ARN or AWS endpoint in a variable local mode does not know.
 */
export function localEnvironment(programEnv: Readonly<Record<string, string>>, targets: LocalTargets): Record<string, string> {
    const problems: string[] = [];
    const env: Record<string, string> = {};
    for (const [name, value] of Object.entries(programEnv)) {
        if (isUrlVariable(name)) env[name] = targets.urls[name];
        else if (isCoordinate(name) && value !== targets.coordinates[name]) problems.push(`${name}=${value}, but the local stand-in serves ${targets.coordinates[name]}`);
        else if (!isCoordinate(name) && NAMES_A_RESOURCE.test(value)) problems.push(`${name}=${value} names a resource no local stand-in serves`);
        else env[name] = value;
    }
    if (problems.length > 0) throw new LocalEnvironmentError(problems.join("; "));
    return {
        ...env,
        AWS_REGION: targets.region,
        AWS_ACCESS_KEY_ID: targets.credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: targets.credentials.secretAccessKey,
        AWS_ENDPOINT_URL_DYNAMODB: targets.endpoints.dynamodb,
        AWS_ENDPOINT_URL_S3: targets.endpoints.s3,
        AWS_ENDPOINT_URL_RDS_DATA: targets.endpoints.rdsData,
        AWS_ENDPOINT_URL_SECRETS_MANAGER: targets.endpoints.secretsManager,
        S3_FORCE_PATH_STYLE: "true",
    };
}

/**
 * The coordinates the stand-ins must answer to, read from the program's function environments (by function name).
 *
 * @throws {LocalEnvironmentError} when no function names a coordinate, or two name it differently (one stand-in
 *   cannot be both).
 */
export function programCoordinates(envs: Readonly<Record<string, Readonly<Record<string, string>>>>): Coordinates {
    const problems: string[] = [];
    const coordinates = {} as Record<CoordinateVariable, string>;
    for (const name of COORDINATE_VARIABLES) {
        const values = new Set(Object.values(envs).flatMap((env) => (env[name] === undefined ? [] : [env[name]])));
        if (values.size === 1) coordinates[name] = [...values][0];
        else problems.push(values.size === 0 ? `no function names ${name}` : `functions disagree on ${name}: ${[...values].join(" vs ")}`);
    }
    if (problems.length > 0) throw new LocalEnvironmentError(problems.join("; "));
    return coordinates;
}

/**
 * The variables on which every function that sets them agrees (the coordinates, the local URLs, the runtime's
 * region, credentials and endpoints; not e.g. `POWERTOOLS_SERVICE_NAME`): what a tool needs to reach the
 * stand-ins as the functions do.
 */
export function sharedEnvironment(envs: readonly Readonly<Record<string, string>>[]): Record<string, string> {
    const shared: Record<string, string> = {};
    const conflicting = new Set<string>();
    for (const env of envs) {
        for (const [name, value] of Object.entries(env)) {
            if (shared[name] !== undefined && shared[name] !== value) conflicting.add(name);
            shared[name] = value;
        }
    }
    for (const name of conflicting) delete shared[name];
    return shared;
}
