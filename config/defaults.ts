import type { AuthConfig, DataConfig, EdgeConfig, GatewayConfig, LambdaConfig, ObservabilityConfig } from "./schema";

/**
 * Defaults for every optional key, one constant per config section. Security-relevant defaults are the safe
 * choice (MFA on, threat protection on, deletion protection on): a stack loosens them explicitly in its YAML.
 * `tests/config.test.ts` pins each one.
 */
export const EDGE_DEFAULTS: Omit<EdgeConfig, "domain"> = {
    geoRestriction: { type: "none" },
    wafRateLimitPer5Min: 2000,
    maxBodyBytes: 16 * 1024,
    anonymousIpList: true,
    botControl: true,
    shieldAdvanced: false,
    shieldSubscribed: false,
    priceClass: "PriceClass_100",
    signedUrlTtlSeconds: 300,
};

export const GATEWAY_DEFAULTS: Omit<GatewayConfig, "tiers" | "apiClients"> = {
    stageName: "live",
    throttle: { rateLimit: 100, burstLimit: 200 },
    endpointThrottles: [],
    corsOrigins: [],
    authorizerCacheTtlSeconds: 300,
    integrationTimeoutMs: 10000,
    manageAccountCloudWatchRole: false,
};

export const AUTH_DEFAULTS: Omit<AuthConfig, "domainPrefix"> = {
    mfa: "ON",
    threatProtection: true,
    passwordMinLength: 12,
    callbackUrls: [],
    logoutUrls: [],
    accessTokenMinutes: 60,
    passwordClient: false,
};

export const DATA_DEFAULTS: DataConfig = {
    azCount: 3,
    minAcu: 0.5,
    maxAcu: 4,
    readerCount: 1,
    backupRetentionDays: 7,
    noncurrentVersionDays: 30,
};

export const LAMBDA_DEFAULTS: LambdaConfig = {
    memoryMb: 512,
    logLevel: "INFO",
    // 8 s: over a Data API call's whole budget (6.5 s) and the time to answer 503, under the 10 s integration timeout.
    timeoutSeconds: 8,
    reservedConcurrency: {},
    // AWS's default concurrent-executions quota per account and region.
    accountConcurrencyLimit: 1000,
};

export const OBSERVABILITY_DEFAULTS: ObservabilityConfig = {
    logRetentionDays: 30,
    alarmEmails: [],
    errorRatePercent: 1,
    p99LatencyMs: 2000,
    traceSampleRate: 0.05,
};

/** Stateful resources are protected unless a stack says otherwise. */
export const PROTECT_DEFAULT = true;
