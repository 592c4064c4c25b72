/**
 * The typed shape of a Portcullis stack's configuration.
 *
 * Every value a component needs is here, already validated: components never read `pulumi.Config` themselves
 * (see `config/index.ts`). Raw YAML keys live under the `portcullis:` namespace and map one to one onto the
 * top-level fields below (`portcullis:gateway` -> {@link StackConfig.gateway}). Each key's allowed values and
 * default are stated once, in `config/table.ts`, whose `Fields<C>` type fails to compile when a section's table
 * and its interface here disagree; the comments below say what a value is for.
 */
import type { RouteFunction } from "../contract/types";

/** The usage-plan tiers every API offers, from the smallest to the largest allowance. */
export const TIERS = ["basic", "premium", "enterprise"] as const;
export type Tier = (typeof TIERS)[number];

/** Quota periods API Gateway accepts for usage plans. */
export const QUOTA_PERIODS = ["DAY", "WEEK", "MONTH"] as const;
export type QuotaPeriod = (typeof QUOTA_PERIODS)[number];

/** Retention periods (days) CloudWatch Logs accepts; anything else is rejected by the service. */
export const LOG_RETENTION_DAYS = [
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** HTTP methods a route or a throttle override can name. */
export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** A steady-state rate (requests per second) and the bucket size that absorbs bursts above it. */
export interface Throttle {
    rateLimit: number;
    burstLimit: number;
}

/** A throttle applied to one method of one resource path, e.g. `GET /v1/products/{productId}`. */
export interface MethodThrottle extends Throttle {
    method: HttpMethod;
    path: string;
}

export interface TierConfig {
    /** Steady requests per second per API key, and the burst the key may spend at once. */
    throttle: Throttle;
    /** Requests allowed per key in each quota period. */
    quota: { limit: number; period: QuotaPeriod };
    /** Tighter limits for single methods within this tier. */
    methodThrottles: MethodThrottle[];
}

/** One client that receives an API key bound to a tier's usage plan. */
export interface ApiClient {
    name: string;
    tier: Tier;
}

export interface GatewayConfig {
    /** Stage name behind CloudFront; clients never see it (the distribution's origin path hides it). */
    stageName: string;
    /** Stage-wide default throttle for every method (also caps any single tier). */
    throttle: Throttle;
    /** Per-endpoint overrides of the stage-wide throttle. */
    endpointThrottles: MethodThrottle[];
    tiers: Record<Tier, TierConfig>;
    apiClients: ApiClient[];
    /** Browser origins allowed by CORS; empty means no browser access. */
    corsOrigins: string[];
    /** Seconds API Gateway caches an authorizer decision per token (0 disables caching). */
    authorizerCacheTtlSeconds: number;
    /**
     * Milliseconds API Gateway waits for a Lambda integration. Must exceed `lambda.timeoutSeconds`
     * by the margin `config/deployRules.ts` names, so a function answers (a 503 at worst) before API Gateway's 504.
     */
    integrationTimeoutMs: number;
    /**
     * Create API Gateway's account-level CloudWatch role and `aws.apigateway.Account` in this stack. The setting is
     * one per account and region: the bootstrap program owns it, so both committed stacks leave it false; without
     * the bootstrap, set it true on exactly one stack per account and region.
     */
    manageAccountCloudWatchRole: boolean;
}

export type GeoRestriction =
    | { type: "none" }
    | { type: "whitelist" | "blacklist"; locations: string[] };

export interface EdgeConfig {
    /**
     * Custom domain served by CloudFront; when set, an ACM certificate in us-east-1 is required. With
     * `hostedZoneId` (the Route 53 public zone of the name) the stack creates A and AAAA alias records; without
     * it, the stack output `dnsRecordToCreate` names the record to create by hand.
     */
    domain?: { name: string; certificateArn: string; hostedZoneId?: string };
    geoRestriction: GeoRestriction;
    /** Requests one IP may make in any 5-minute window before WAF blocks it. */
    wafRateLimitPer5Min: number;
    /** Largest request body, in bytes, that WAF lets through to the API (CloudFront gives WAF at most 64 KiB). */
    maxBodyBytes: number;
    /** Add the AWS managed Anonymous IP list (VPNs, Tor, hosting providers). */
    anonymousIpList: boolean;
    /** Add the AWS managed Bot Control rule group (billed per request). */
    botControl: boolean;
    /**
     * Protect the distribution with Shield Advanced (USD 3,000 a month per organization, plus data transfer).
     * Requires {@link EdgeConfig.shieldSubscribed}: a protection cannot be created without the subscription.
     */
    shieldAdvanced: boolean;
    /**
     * States that the AWS account already holds a Shield Advanced subscription (the bootstrap program creates it
     * behind its `shieldAdvancedSubscription` flag, a one-year commitment). This stack never subscribes.
     */
    shieldSubscribed: boolean;
    /** CloudFront price class. */
    priceClass: "PriceClass_100" | "PriceClass_200" | "PriceClass_All";
    /** Lifetime of a signed receipt URL in seconds. */
    signedUrlTtlSeconds: number;
}

export interface AuthConfig {
    /** OFF is not allowed: MFA is either optional (users may enrol) or required for every user. */
    mfa: "OPTIONAL" | "ON";
    /** Cognito threat protection (advanced security) in ENFORCED mode. */
    threatProtection: boolean;
    passwordMinLength: number;
    /** Prefix of the Cognito hosted domain, `<prefix>.auth.<region>.amazoncognito.com`. */
    domainPrefix: string;
    callbackUrls: string[];
    logoutUrls: string[];
    /** Lifetime of access tokens in minutes. */
    accessTokenMinutes: number;
    /**
     * Whether the pool has the public `cli` client, which allows `USER_PASSWORD_AUTH` (and refresh) for scripts,
     * tests and the quick start's curl. Off by default: the password crosses the wire to Cognito, and the web
     * client's hosted UI (authorization code with PKCE) is the sign-in for people. Needs `mfa: OPTIONAL`.
     */
    passwordClient: boolean;
}

export interface DataConfig {
    /** Availability zones for the VPC that holds the database. */
    azCount: number;
    /** Aurora Serverless v2 capacity range in ACUs, in steps of 0.5. */
    minAcu: number;
    maxAcu: number;
    /** Reader instances besides the writer. */
    readerCount: number;
    /** Days of automated backups. */
    backupRetentionDays: number;
    /** Days before non-current object versions expire in every bucket. */
    noncurrentVersionDays: number;
}

/**
 * The levels Lambda's `LoggingConfig.ApplicationLogLevel` accepts (AWS Lambda API reference, LoggingConfig), from
 * the most detailed to the least.
 */
export const LAMBDA_LOG_LEVELS = ["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"] as const;
export type LambdaLogLevel = (typeof LAMBDA_LOG_LEVELS)[number];

export interface LambdaConfig {
    memoryMb: number;
    /**
     * Every function's `loggingConfig.applicationLogLevel`: Lambda drops JSON records below it and tells the code
     * through `AWS_LAMBDA_LOG_LEVEL`, which the handlers honour before `LOG_LEVEL`.
     */
    logLevel: LambdaLogLevel;
    /**
     * Timeout of every API function. Must fit a store call's whole budget (`STORE_CALLS` in handlers/lib/aws.ts)
     * and fit inside `gateway.integrationTimeoutMs`; `config/deployRules.ts` checks both.
     */
    timeoutSeconds: number;
    /**
     * Concurrency reserved per route function, by function name, e.g. `{ createOrder: 20 }`. A reservation caps the
     * function too, so it belongs only where a cap protects something (the functions that hit Aurora); the
     * authorizer and the token trigger never get one (throttling them fails every request).
     */
    reservedConcurrency: Readonly<Partial<Record<RouteFunction, number>>>;
    /**
     * The account's concurrent-executions quota in this region (AWS's default is 1000; see
     * `aws lambda get-account-settings`). Reservations must leave at least 100 of it unreserved.
     */
    accountConcurrencyLimit: number;
}

export interface ObservabilityConfig {
    logRetentionDays: number;
    alarmEmails: string[];
    /** Percentage of requests answered with 5xx that raises the alarm. */
    errorRatePercent: number;
    /** p99 latency in milliseconds that raises the alarm. */
    p99LatencyMs: number;
    /** Fraction of requests X-Ray samples beyond the first each second. */
    traceSampleRate: number;
}

/** The validated, frozen configuration of one stack. */
export interface StackConfig {
    /** The Pulumi stack name, e.g. `dev`. */
    stack: string;
    /** The AWS region of the API; CloudFront-scoped resources always go to us-east-1. */
    region: string;
    /** Short name that prefixes physical names, e.g. `portcullis-dev`. */
    prefix: string;
    /**
     * Protect stateful resources (table, cluster, buckets, user pool, keys) from deletion, both in Pulumi
     * (`protect`) and at the service (deletion protection, final snapshots, retained keys).
     */
    protect: boolean;
    edge: EdgeConfig;
    gateway: GatewayConfig;
    auth: AuthConfig;
    data: DataConfig;
    lambda: LambdaConfig;
    observability: ObservabilityConfig;
}
