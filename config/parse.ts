import {
    AUTH_DEFAULTS,
    DATA_DEFAULTS,
    EDGE_DEFAULTS,
    GATEWAY_DEFAULTS,
    LAMBDA_DEFAULTS,
    OBSERVABILITY_DEFAULTS,
    PROTECT_DEFAULT,
} from "./defaults";
import {
    ApiClient,
    AuthConfig,
    DataConfig,
    EdgeConfig,
    GatewayConfig,
    GeoRestriction,
    HTTP_METHODS,
    LambdaConfig,
    LAMBDA_LOG_LEVELS,
    LOG_RETENTION_DAYS,
    MethodThrottle,
    ObservabilityConfig,
    QUOTA_PERIODS,
    StackConfig,
    Throttle,
    TierConfig,
    TIERS,
} from "./schema";
import { findRoute, ROUTES } from "../contract/routes";
import { ROUTE_FUNCTIONS, type RouteFunction } from "../contract/types";
import { deployRuleProblems } from "./deployRules";

/** Raised when stack configuration is missing or nonsensical; `problems` lists one sentence per bad key. */
export class ConfigError extends Error {
    public readonly code = "InvalidConfig";
    constructor(public readonly stack: string, public readonly problems: string[]) {
        super(`Invalid configuration for stack "${stack}":\n${problems.map((p) => `  - ${p}`).join("\n")}`);
        this.name = "ConfigError";
    }
}

/** The raw values read from Pulumi config: `aws:region` and each `portcullis:<section>` object. */
export interface RawConfig {
    stack: string;
    region?: unknown;
    protect?: unknown;
    edge?: unknown;
    gateway?: unknown;
    auth?: unknown;
    data?: unknown;
    lambda?: unknown;
    observability?: unknown;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const ORIGIN = /^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/i;
const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
const COUNTRY = /^[A-Z]{2}$/;
const ACM_US_EAST_1 = /^arn:aws:acm:us-east-1:\d{12}:certificate\/[0-9a-f-]{36}$/;
/** Route 53 zone ids are at most 32 characters (https://docs.aws.amazon.com/Route53/latest/APIReference/API_HostedZone.html). */
const HOSTED_ZONE_ID = /^Z[A-Z0-9]{1,31}$/;
const REGION = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;
const PATH = /^\/[A-Za-z0-9_./{}-]*$/;
const NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;

/**
 * Reads one config section. Every accessor records a problem instead of throwing, so that one run reports every
 * bad key at once; `finish` throws them together.
 */
class Reader {
    readonly problems: string[] = [];

    /** `portcullis:gateway.tiers.basic` style key for messages. */
    key(section: string, path: string): string {
        return path ? `portcullis:${section}.${path}` : `portcullis:${section}`;
    }

    fail(key: string, expected: string, got: unknown): void {
        this.problems.push(`${key} must be ${expected}; got ${describe(got)}`);
    }

    object(key: string, value: unknown, fallback: Record<string, unknown> = {}): Record<string, unknown> {
        if (value === undefined || value === null) return fallback;
        if (typeof value !== "object" || Array.isArray(value)) {
            this.fail(key, "an object", value);
            return fallback;
        }
        return value as Record<string, unknown>;
    }

    /** Flags keys the schema does not know, so a typo never silently falls back to a default. */
    known(key: string, value: Record<string, unknown>, allowed: string[]): void {
        for (const name of Object.keys(value)) {
            if (!allowed.includes(name)) {
                this.problems.push(`${key}.${name} is not a known key; known keys are ${allowed.join(", ")}`);
            }
        }
    }

    number(key: string, value: unknown, fallback: number | undefined, min: number, max: number, integer = true): number {
        if (value === undefined || value === null) {
            if (fallback === undefined) this.problems.push(`${key} is required (${rangeText(min, max, integer)})`);
            return fallback ?? min;
        }
        const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
        if (typeof n !== "number" || !Number.isFinite(n) || (integer && !Number.isInteger(n)) || n < min || n > max) {
            this.fail(key, rangeText(min, max, integer), value);
            return fallback ?? min;
        }
        return n;
    }

    boolean(key: string, value: unknown, fallback: boolean): boolean {
        if (value === undefined || value === null) return fallback;
        if (value === true || value === "true") return true;
        if (value === false || value === "false") return false;
        this.fail(key, "true or false", value);
        return fallback;
    }

    oneOf<T extends string | number>(key: string, value: unknown, allowed: readonly T[], fallback: T | undefined): T {
        if (value === undefined || value === null) {
            if (fallback === undefined) this.problems.push(`${key} is required (one of ${allowed.join(", ")})`);
            return fallback ?? allowed[0];
        }
        const candidate = typeof allowed[0] === "number" && typeof value === "string" ? Number(value) : value;
        if (!allowed.includes(candidate as T)) {
            this.fail(key, `one of ${allowed.join(", ")}`, value);
            return fallback ?? allowed[0];
        }
        return candidate as T;
    }

    string(key: string, value: unknown, fallback: string | undefined, pattern: RegExp, expected: string): string {
        if (value === undefined || value === null) {
            if (fallback === undefined) this.problems.push(`${key} is required (${expected})`);
            return fallback ?? "";
        }
        if (typeof value !== "string" || !pattern.test(value)) {
            this.fail(key, expected, value);
            return fallback ?? "";
        }
        return value;
    }

    list<T>(key: string, value: unknown, fallback: T[], item: (key: string, value: unknown) => T): T[] {
        if (value === undefined || value === null) return fallback;
        if (!Array.isArray(value)) {
            this.fail(key, "a list", value);
            return fallback;
        }
        return value.map((v, i) => item(`${key}[${i}]`, v));
    }

    throttle(key: string, value: unknown, fallback?: Throttle): Throttle {
        const raw = this.object(key, value, fallback as unknown as Record<string, unknown>);
        this.known(key, raw, ["rateLimit", "burstLimit"]);
        const before = this.problems.length;
        const rateLimit = this.number(`${key}.rateLimit`, raw.rateLimit, fallback?.rateLimit, 0.001, 10000, false);
        const burstLimit = this.number(`${key}.burstLimit`, raw.burstLimit, fallback?.burstLimit, 1, 5000);
        // Compare only valid values: a fallback standing in for a bad one would make a second, misleading problem.
        if (this.problems.length === before && burstLimit < rateLimit) {
            this.problems.push(`${key}.burstLimit must be at least rateLimit (${rateLimit}); got ${burstLimit}`);
        }
        return { rateLimit, burstLimit };
    }

    methodThrottle(key: string, value: unknown): MethodThrottle {
        const before = this.problems.length;
        const raw = this.object(key, value);
        this.known(key, raw, ["method", "path", "rateLimit", "burstLimit"]);
        const method = this.oneOf(`${key}.method`, raw.method, HTTP_METHODS, undefined);
        const path = this.string(`${key}.path`, raw.path, undefined, PATH, "a resource path such as /v1/products/{productId}");
        if (path && this.problems.length === before && !findRoute(method, path)) {
            this.problems.push(
                `${key} must name a route of the API; ${method} ${path} is not one (routes: ${ROUTES.map((r) => `${r.method} ${r.path}`).join(", ")})`,
            );
        }
        return { method, path, ...this.throttle(key, { rateLimit: raw.rateLimit, burstLimit: raw.burstLimit }) };
    }
}

function rangeText(min: number, max: number, integer: boolean): string {
    return `${integer ? "a whole number" : "a number"} from ${min} to ${max}`;
}

function describe(value: unknown): string {
    return value === undefined ? "nothing" : JSON.stringify(value);
}

function parseEdge(r: Reader, value: unknown): EdgeConfig {
    const k = (p: string) => r.key("edge", p);
    const raw = r.object(k(""), value);
    r.known(k(""), raw, [
        "domain", "geoRestriction", "wafRateLimitPer5Min", "maxBodyBytes", "anonymousIpList", "botControl",
        "shieldAdvanced", "shieldSubscribed", "priceClass", "signedUrlTtlSeconds",
    ]);
    let domain: EdgeConfig["domain"];
    if (raw.domain !== undefined && raw.domain !== null) {
        const d = r.object(k("domain"), raw.domain);
        r.known(k("domain"), d, ["name", "certificateArn", "hostedZoneId"]);
        domain = {
            name: r.string(k("domain.name"), d.name, undefined, DOMAIN, "a DNS name such as api.example.com"),
            certificateArn: r.string(
                k("domain.certificateArn"), d.certificateArn, undefined, ACM_US_EAST_1,
                "the ARN of an ACM certificate in us-east-1 (CloudFront only uses certificates from us-east-1)",
            ),
        };
        if (d.hostedZoneId !== undefined && d.hostedZoneId !== null) {
            domain.hostedZoneId = r.string(
                k("domain.hostedZoneId"), d.hostedZoneId, undefined, HOSTED_ZONE_ID,
                "a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ (Z and at most 31 upper-case letters or digits, without /hostedzone/)",
            );
        }
    }
    const geoRaw = r.object(k("geoRestriction"), raw.geoRestriction, EDGE_DEFAULTS.geoRestriction as never);
    r.known(k("geoRestriction"), geoRaw, ["type", "locations"]);
    const geoType = r.oneOf(k("geoRestriction.type"), geoRaw.type, ["none", "whitelist", "blacklist"] as const, "none");
    let geoRestriction: GeoRestriction = { type: "none" };
    if (geoType !== "none") {
        const locations = r.list(k("geoRestriction.locations"), geoRaw.locations, [], (key, v) =>
            r.string(key, v, undefined, COUNTRY, "an ISO 3166-1 alpha-2 country code such as DE"),
        );
        if (locations.length === 0) {
            r.problems.push(`${k("geoRestriction.locations")} must list at least one country code when type is ${geoType}`);
        }
        geoRestriction = { type: geoType, locations };
    }
    return {
        domain,
        geoRestriction,
        wafRateLimitPer5Min: r.number(k("wafRateLimitPer5Min"), raw.wafRateLimitPer5Min, EDGE_DEFAULTS.wafRateLimitPer5Min, 100, 2_000_000_000),
        // CloudFront hands WAF at most 64 KiB of a body, so a larger limit could not be enforced.
        maxBodyBytes: r.number(k("maxBodyBytes"), raw.maxBodyBytes, EDGE_DEFAULTS.maxBodyBytes, 1, 65536),
        anonymousIpList: r.boolean(k("anonymousIpList"), raw.anonymousIpList, EDGE_DEFAULTS.anonymousIpList),
        botControl: r.boolean(k("botControl"), raw.botControl, EDGE_DEFAULTS.botControl),
        shieldAdvanced: r.boolean(k("shieldAdvanced"), raw.shieldAdvanced, EDGE_DEFAULTS.shieldAdvanced),
        shieldSubscribed: r.boolean(k("shieldSubscribed"), raw.shieldSubscribed, EDGE_DEFAULTS.shieldSubscribed),
        priceClass: r.oneOf(k("priceClass"), raw.priceClass, ["PriceClass_100", "PriceClass_200", "PriceClass_All"] as const, EDGE_DEFAULTS.priceClass),
        signedUrlTtlSeconds: r.number(k("signedUrlTtlSeconds"), raw.signedUrlTtlSeconds, EDGE_DEFAULTS.signedUrlTtlSeconds, 30, 86400),
    };
}

function parseGateway(r: Reader, value: unknown): GatewayConfig {
    const k = (p: string) => r.key("gateway", p);
    const raw = r.object(k(""), value);
    r.known(k(""), raw, [
        "stageName", "throttle", "endpointThrottles", "tiers", "apiClients", "corsOrigins",
        "authorizerCacheTtlSeconds", "integrationTimeoutMs", "manageAccountCloudWatchRole",
    ]);
    const throttle = r.throttle(k("throttle"), raw.throttle, GATEWAY_DEFAULTS.throttle);
    const tiersRaw = r.object(k("tiers"), raw.tiers);
    r.known(k("tiers"), tiersRaw, [...TIERS]);
    const tiers = {} as Record<(typeof TIERS)[number], TierConfig>;
    for (const tier of TIERS) {
        const tk = k(`tiers.${tier}`);
        if (tiersRaw[tier] === undefined) {
            r.problems.push(`${tk} is required (every stack offers the tiers ${TIERS.join(", ")})`);
        }
        const t = r.object(tk, tiersRaw[tier]);
        r.known(tk, t, ["throttle", "quota", "methodThrottles"]);
        const tierThrottle = r.throttle(`${tk}.throttle`, t.throttle, tiersRaw[tier] === undefined ? { rateLimit: 1, burstLimit: 1 } : undefined);
        if (tierThrottle.rateLimit > throttle.rateLimit) {
            r.problems.push(`${tk}.throttle.rateLimit must not exceed the stage-wide rateLimit (${throttle.rateLimit}); got ${tierThrottle.rateLimit}`);
        }
        const q = r.object(`${tk}.quota`, t.quota);
        r.known(`${tk}.quota`, q, ["limit", "period"]);
        tiers[tier] = {
            throttle: tierThrottle,
            quota: {
                limit: r.number(`${tk}.quota.limit`, q.limit, tiersRaw[tier] === undefined ? 1 : undefined, 1, 2_147_483_647),
                period: r.oneOf(`${tk}.quota.period`, q.period, QUOTA_PERIODS, tiersRaw[tier] === undefined ? "DAY" : undefined),
            },
            methodThrottles: r.list(`${tk}.methodThrottles`, t.methodThrottles, [], (key, v) => r.methodThrottle(key, v)),
        };
    }
    for (let i = 1; i < TIERS.length; i++) {
        const lower = tiers[TIERS[i - 1]];
        const higher = tiers[TIERS[i]];
        if (higher.throttle.rateLimit < lower.throttle.rateLimit) {
            r.problems.push(
                `${k(`tiers.${TIERS[i]}.throttle.rateLimit`)} must be at least the ${TIERS[i - 1]} tier's (${lower.throttle.rateLimit}); got ${higher.throttle.rateLimit}`,
            );
        }
    }
    const apiClients: ApiClient[] = r.list(k("apiClients"), raw.apiClients, [], (key, v) => {
        const c = r.object(key, v);
        r.known(key, c, ["name", "tier"]);
        return {
            name: r.string(`${key}.name`, c.name, undefined, NAME, "lower-case letters, digits and dashes (at most 63)"),
            tier: r.oneOf(`${key}.tier`, c.tier, TIERS, undefined),
        };
    });
    const seen = new Set<string>();
    apiClients.forEach((c, i) => {
        if (seen.has(c.name)) r.problems.push(`${k(`apiClients[${i}].name`)} must be unique; "${c.name}" appears twice`);
        seen.add(c.name);
    });
    return {
        stageName: r.string(k("stageName"), raw.stageName, GATEWAY_DEFAULTS.stageName, /^[A-Za-z0-9_]{1,64}$/, "letters, digits and underscores"),
        throttle,
        endpointThrottles: r.list(k("endpointThrottles"), raw.endpointThrottles, [], (key, v) => r.methodThrottle(key, v)),
        tiers,
        apiClients,
        corsOrigins: r.list(k("corsOrigins"), raw.corsOrigins, [], (key, v) =>
            r.string(key, v, undefined, ORIGIN, "an origin such as https://app.example.com (scheme and host, no path)"),
        ),
        authorizerCacheTtlSeconds: r.number(k("authorizerCacheTtlSeconds"), raw.authorizerCacheTtlSeconds, GATEWAY_DEFAULTS.authorizerCacheTtlSeconds, 0, 3600),
        integrationTimeoutMs: r.number(k("integrationTimeoutMs"), raw.integrationTimeoutMs, GATEWAY_DEFAULTS.integrationTimeoutMs, 50, 29000),
        manageAccountCloudWatchRole: r.boolean(k("manageAccountCloudWatchRole"), raw.manageAccountCloudWatchRole, GATEWAY_DEFAULTS.manageAccountCloudWatchRole),
    };
}

function parseAuth(r: Reader, value: unknown, stack: string): AuthConfig {
    const k = (p: string) => r.key("auth", p);
    const raw = r.object(k(""), value);
    r.known(k(""), raw, ["mfa", "threatProtection", "passwordMinLength", "domainPrefix", "callbackUrls", "logoutUrls", "accessTokenMinutes", "passwordClient"]);
    const url = (key: string, v: unknown) =>
        r.string(key, v, undefined, /^(https:\/\/|http:\/\/localhost(:\d+)?\/?)[^\s]*$/, "an https URL (http only for localhost)");
    const mfa = r.oneOf(k("mfa"), raw.mfa, ["OPTIONAL", "ON"] as const, AUTH_DEFAULTS.mfa);
    const passwordClient = r.boolean(k("passwordClient"), raw.passwordClient, AUTH_DEFAULTS.passwordClient);
    // With MFA required, USER_PASSWORD_AUTH answers every user with an MFA challenge instead of tokens, so the
    // password client would sign no script in; and the local pool has no MFA, so local and deployed would differ.
    if (passwordClient && mfa === "ON") {
        r.problems.push(`${k("passwordClient")} may be true only with ${k("mfa")} OPTIONAL (with MFA ON, USER_PASSWORD_AUTH returns an MFA challenge, not tokens); got mfa ON`);
    }
    return {
        mfa,
        threatProtection: r.boolean(k("threatProtection"), raw.threatProtection, AUTH_DEFAULTS.threatProtection),
        passwordMinLength: r.number(k("passwordMinLength"), raw.passwordMinLength, AUTH_DEFAULTS.passwordMinLength, 8, 99),
        domainPrefix: r.string(k("domainPrefix"), raw.domainPrefix, `portcullis-${stack}`, /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, "lower-case letters, digits and dashes"),
        callbackUrls: r.list(k("callbackUrls"), raw.callbackUrls, AUTH_DEFAULTS.callbackUrls, url),
        logoutUrls: r.list(k("logoutUrls"), raw.logoutUrls, AUTH_DEFAULTS.logoutUrls, url),
        accessTokenMinutes: r.number(k("accessTokenMinutes"), raw.accessTokenMinutes, AUTH_DEFAULTS.accessTokenMinutes, 5, 1440),
        passwordClient,
    };
}

function parseData(r: Reader, value: unknown): DataConfig {
    const k = (p: string) => r.key("data", p);
    const raw = r.object(k(""), value);
    r.known(k(""), raw, ["azCount", "minAcu", "maxAcu", "readerCount", "backupRetentionDays", "noncurrentVersionDays"]);
    const minAcu = r.number(k("minAcu"), raw.minAcu, DATA_DEFAULTS.minAcu, 0, 256, false);
    const maxAcu = r.number(k("maxAcu"), raw.maxAcu, DATA_DEFAULTS.maxAcu, 1, 256, false);
    for (const [name, acu] of [["minAcu", minAcu], ["maxAcu", maxAcu]] as const) {
        if (!Number.isInteger(acu * 2)) r.problems.push(`${k(name)} must be a multiple of 0.5; got ${acu}`);
    }
    if (maxAcu < minAcu) r.problems.push(`${k("maxAcu")} must be at least minAcu (${minAcu}); got ${maxAcu}`);
    return {
        azCount: r.number(k("azCount"), raw.azCount, DATA_DEFAULTS.azCount, 2, 3),
        minAcu,
        maxAcu,
        readerCount: r.number(k("readerCount"), raw.readerCount, DATA_DEFAULTS.readerCount, 0, 15),
        backupRetentionDays: r.number(k("backupRetentionDays"), raw.backupRetentionDays, DATA_DEFAULTS.backupRetentionDays, 1, 35),
        noncurrentVersionDays: r.number(k("noncurrentVersionDays"), raw.noncurrentVersionDays, DATA_DEFAULTS.noncurrentVersionDays, 1, 3650),
    };
}

/** Functions whose throttling would fail every request: a reservation caps them, so they never get one. */
const NEVER_RESERVED = ["authorizer", "preTokenGeneration"];

/**
 * Reserved concurrency by route function. A single number (the old form) is refused: it reserved the same for
 * every function, the authorizer and the token trigger included, and added up past what Lambda accepts.
 */
function reservedConcurrency(r: Reader, key: string, value: unknown): LambdaConfig["reservedConcurrency"] {
    if (value === undefined || value === null) return LAMBDA_DEFAULTS.reservedConcurrency;
    if (typeof value !== "object" || Array.isArray(value)) {
        r.fail(key, `reservations by function name, e.g. { createOrder: 20 } (functions: ${ROUTE_FUNCTIONS.join(", ")}), never one number for every function`, value);
        return {};
    }
    const reserved: Partial<Record<RouteFunction, number>> = {};
    for (const [fn, v] of Object.entries(value as Record<string, unknown>)) {
        if (NEVER_RESERVED.includes(fn)) {
            r.problems.push(`${key}.${fn} must not be set: a reservation caps the function, and a throttled ${fn} fails every request instead of protecting a store`);
        } else if (!(ROUTE_FUNCTIONS as readonly string[]).includes(fn)) {
            r.problems.push(`${key}.${fn} is not a route function; known functions are ${ROUTE_FUNCTIONS.join(", ")}`);
        } else {
            // At least 1: a reservation of 0 throttles the function completely.
            reserved[fn as RouteFunction] = r.number(`${key}.${fn}`, v, undefined, 1, 1_000_000);
        }
    }
    return reserved;
}

function parseLambda(r: Reader, value: unknown): LambdaConfig {
    const k = (p: string) => r.key("lambda", p);
    const raw = r.object(k(""), value);
    r.known(k(""), raw, ["memoryMb", "logLevel", "timeoutSeconds", "reservedConcurrency", "accountConcurrencyLimit"]);
    return {
        memoryMb: r.number(k("memoryMb"), raw.memoryMb, LAMBDA_DEFAULTS.memoryMb, 128, 10240),
        logLevel: r.oneOf(k("logLevel"), raw.logLevel, LAMBDA_LOG_LEVELS, LAMBDA_DEFAULTS.logLevel),
        timeoutSeconds: r.number(k("timeoutSeconds"), raw.timeoutSeconds, LAMBDA_DEFAULTS.timeoutSeconds, 1, 900),
        reservedConcurrency: reservedConcurrency(r, k("reservedConcurrency"), raw.reservedConcurrency),
        // New accounts may start with a quota as low as 10.
        accountConcurrencyLimit: r.number(k("accountConcurrencyLimit"), raw.accountConcurrencyLimit, LAMBDA_DEFAULTS.accountConcurrencyLimit, 10, 10_000_000),
    };
}

function parseObservability(r: Reader, value: unknown): ObservabilityConfig {
    const k = (p: string) => r.key("observability", p);
    const raw = r.object(k(""), value);
    r.known(k(""), raw, ["logRetentionDays", "alarmEmails", "errorRatePercent", "p99LatencyMs", "traceSampleRate"]);
    return {
        logRetentionDays: r.oneOf(k("logRetentionDays"), raw.logRetentionDays, LOG_RETENTION_DAYS, OBSERVABILITY_DEFAULTS.logRetentionDays as never),
        alarmEmails: r.list(k("alarmEmails"), raw.alarmEmails, [], (key, v) => r.string(key, v, undefined, EMAIL, "an e-mail address"))
        ,
        errorRatePercent: r.number(k("errorRatePercent"), raw.errorRatePercent, OBSERVABILITY_DEFAULTS.errorRatePercent, 0.01, 100, false),
        p99LatencyMs: r.number(k("p99LatencyMs"), raw.p99LatencyMs, OBSERVABILITY_DEFAULTS.p99LatencyMs, 10, 29000),
        traceSampleRate: r.number(k("traceSampleRate"), raw.traceSampleRate, OBSERVABILITY_DEFAULTS.traceSampleRate, 0, 1, false),
    };
}

/** Deep-freezes a parsed config so no component can change what another one saw. */
function deepFreeze<T>(value: T): T {
    if (value && typeof value === "object") {
        for (const v of Object.values(value)) deepFreeze(v);
        Object.freeze(value);
    }
    return value;
}

/**
 * Validates raw stack config into a frozen {@link StackConfig}, or throws one {@link ConfigError} listing every
 * bad key. Pure: it reads nothing but its argument, so tests call it directly.
 */
export function parseConfig(raw: RawConfig): StackConfig {
    const r = new Reader();
    if (!/^[a-z0-9][a-z0-9-]{0,19}$/.test(raw.stack)) {
        r.problems.push(`the stack name must be lower-case letters, digits and dashes (at most 20); got ${describe(raw.stack)}`);
    }
    const region = r.string("aws:region", raw.region, undefined, REGION, "an AWS region such as eu-west-1");
    const config: StackConfig = {
        stack: raw.stack,
        region,
        prefix: `portcullis-${raw.stack}`,
        protect: r.boolean("portcullis:protect", raw.protect, PROTECT_DEFAULT),
        edge: parseEdge(r, raw.edge),
        gateway: parseGateway(r, raw.gateway),
        auth: parseAuth(r, raw.auth, raw.stack),
        data: parseData(r, raw.data),
        lambda: parseLambda(r, raw.lambda),
        observability: parseObservability(r, raw.observability),
    };
    // Rules across keys compare valid values only: a fallback standing in for a bad key would add a misleading problem.
    if (r.problems.length === 0) r.problems.push(...deployRuleProblems(config));
    if (r.problems.length > 0) throw new ConfigError(raw.stack, r.problems);
    return deepFreeze(config);
}
