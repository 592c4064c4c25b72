/**
 * Every config key of a Portcullis stack, one table per section: what it means, what it accepts and its default.
 * `config/parse.ts` reads stacks through these tables, `npm run config-docs` writes the README's table from them,
 * and a test checks `Pulumi.yaml`'s typed declarations against them. Security-relevant defaults are the safe choice
 * (MFA on, threat protection on, deletion protection on): a stack loosens them explicitly in its YAML.
 * Rules across keys of one section are in `config/parse.ts`, rules across sections in `config/deployRules.ts`.
 */
import { ROUTE_FUNCTIONS, type RouteFunction } from "../contract/types";
import { custom, decimal, flag, oneOf, text, texts, wholeNumber, type Field, type Fields } from "./fields";
import type { Reader } from "./reader";
import {
    LAMBDA_LOG_LEVELS,
    LOG_RETENTION_DAYS,
    QUOTA_PERIODS,
    TIERS,
    type ApiClient,
    type AuthConfig,
    type DataConfig,
    type EdgeConfig,
    type GatewayConfig,
    type GeoRestriction,
    type LambdaConfig,
    type MethodThrottle,
    type ObservabilityConfig,
    type StackConfig,
    type TierConfig,
} from "./schema";

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const ORIGIN = /^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/i;
const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
const COUNTRY = /^[A-Z]{2}$/;
const ACM_US_EAST_1 = /^arn:aws:acm:us-east-1:\d{12}:certificate\/[0-9a-f-]{36}$/;
/** Route 53 zone ids are at most 32 characters (https://docs.aws.amazon.com/Route53/latest/APIReference/API_HostedZone.html). */
const HOSTED_ZONE_ID = /^Z[A-Z0-9]{1,31}$/;
const REGION = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;
const CLIENT_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;
const REDIRECT_URL = /^(https:\/\/|http:\/\/localhost(:\d+)?\/?)[^\s]*$/;
const PUBLIC_KEY_PEM = /^-----BEGIN PUBLIC KEY-----\n[A-Za-z0-9+/=\n]+-----END PUBLIC KEY-----\s*$/;

/** Functions whose throttling would fail every request: a reservation caps them, so they never get one. */
const NEVER_RESERVED = ["authorizer", "preTokenGeneration"];

/** The keys outside the sections, by their full `namespace:key` name. */
export const TOP_LEVEL_FIELDS = {
    "aws:region": text(REGION, "an AWS region such as eu-west-1", {
        description: "region of the API; CloudFront-scoped resources always go to us-east-1",
    }),
    "portcullis:protect": flag({
        description: "protect stateful resources from deletion in Pulumi and at the service",
        default: true,
    }),
    "portcullis:signingPublicKey": text(PUBLIC_KEY_PEM, "a PEM public key (-----BEGIN PUBLIC KEY----- ... -----END PUBLIC KEY-----)", {
        description: "public half of the CloudFront key pair that signs receipt URLs, set together with `signingPrivateKey`; unset, the program generates the pair",
        default: undefined,
        shownDefault: "generated",
    }),
    // Read with getSecret by config/index.ts: an Output until deploy, so only whether it is set is checked.
    "portcullis:signingPrivateKey": custom<string | undefined>("string", "a PEM private key, set with `pulumi config set --secret`", {
        description: "private half of that key pair, kept secret from config to the Secrets Manager secret the signing function reads",
        default: undefined,
        shownDefault: "generated",
        secret: true,
    }, (_r, _key, value) => value as string | undefined),
} as const;

function domain(r: Reader, key: string, value: unknown): EdgeConfig["domain"] {
    if (value === undefined || value === null) return undefined;
    const d = r.object(key, value);
    r.known(key, d, ["name", "certificateArn", "hostedZoneId"]);
    const result: NonNullable<EdgeConfig["domain"]> = {
        name: r.string(`${key}.name`, d.name, undefined, DOMAIN, "a DNS name such as api.example.com"),
        certificateArn: r.string(
            `${key}.certificateArn`, d.certificateArn, undefined, ACM_US_EAST_1,
            "the ARN of an ACM certificate in us-east-1 (CloudFront only uses certificates from us-east-1)",
        ),
    };
    if (d.hostedZoneId !== undefined && d.hostedZoneId !== null) {
        result.hostedZoneId = r.string(
            `${key}.hostedZoneId`, d.hostedZoneId, undefined, HOSTED_ZONE_ID,
            "a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ (Z and at most 31 upper-case letters or digits, without /hostedzone/)",
        );
    }
    return result;
}

function geoRestriction(r: Reader, key: string, value: unknown, fallback: GeoRestriction | undefined): GeoRestriction {
    const raw = r.object(key, value, fallback as Record<string, unknown> | undefined);
    r.known(key, raw, ["type", "locations"]);
    const type = r.oneOf(`${key}.type`, raw.type, ["none", "whitelist", "blacklist"] as const, "none");
    if (type === "none") return { type };
    const locations = r.list(`${key}.locations`, raw.locations, [], (itemKey, v) =>
        r.string(itemKey, v, undefined, COUNTRY, "an ISO 3166-1 alpha-2 country code such as DE"),
    );
    if (locations.length === 0) r.problems.push(`${key}.locations must list at least one country code when type is ${type}`);
    return { type, locations };
}

export const EDGE_FIELDS: Fields<EdgeConfig> = {
    domain: custom("object", "{name, certificateArn, hostedZoneId?}", {
        description:
            "custom domain and its ACM certificate in us-east-1 (enables TLSv1.2_2021); with `hostedZoneId`, the Route 53 hosted zone of the name " +
            "(`Z` and up to 31 upper-case letters or digits), the stack creates A/AAAA alias records, without it the `dnsRecordToCreate` output names the record to create",
        default: undefined,
        shownDefault: "none",
    }, domain),
    geoRestriction: custom("object", "{type: none} or {type: whitelist | blacklist, locations: [ISO 3166-1 alpha-2 codes]}", {
        description: "countries CloudFront serves or refuses",
        default: { type: "none" },
        shownDefault: "none",
    }, geoRestriction),
    wafRateLimitPer5Min: wholeNumber(100, 2_000_000_000, { description: "requests one IP may make in any 5 minutes before WAF blocks it", default: 2000 }),
    // CloudFront hands WAF at most 64 KiB of a body, so a larger limit could not be enforced.
    maxBodyBytes: wholeNumber(1, 65536, {
        description: "largest request body WAF lets through (65536 is all CloudFront lets WAF inspect; images go straight to S3)",
        default: 16 * 1024,
    }),
    anonymousIpList: flag({ description: "add the AWS managed Anonymous IP list (VPNs, Tor, hosting providers)", default: true }),
    botControl: flag({ description: "add the AWS managed Bot Control rule group (billed per request)", default: true }),
    shieldAdvanced: flag({ description: "Shield Advanced protection for the distribution; requires `edge.shieldSubscribed`", default: false }),
    shieldSubscribed: flag({ description: "states the account holds a Shield Advanced subscription (made by the bootstrap, never here)", default: false }),
    priceClass: oneOf(["PriceClass_100", "PriceClass_200", "PriceClass_All"] as const, { description: "CloudFront price class", default: "PriceClass_100" }),
    signedUrlTtlSeconds: wholeNumber(30, 86400, { description: "lifetime of signed receipt URLs in seconds", default: 300 }),
};

function tiers(r: Reader, key: string, value: unknown): Record<(typeof TIERS)[number], TierConfig> {
    const raw = r.object(key, value);
    r.known(key, raw, TIERS);
    const result = {} as Record<(typeof TIERS)[number], TierConfig>;
    for (const tier of TIERS) {
        const tk = `${key}.${tier}`;
        const missing = raw[tier] === undefined;
        if (missing) r.problems.push(`${tk} is required (every stack offers the tiers ${TIERS.join(", ")})`);
        const t = r.object(tk, raw[tier]);
        r.known(tk, t, ["throttle", "quota", "methodThrottles"]);
        const q = r.object(`${tk}.quota`, t.quota);
        r.known(`${tk}.quota`, q, ["limit", "period"]);
        // A missing tier is one problem; its placeholders keep its keys from each adding another.
        result[tier] = {
            throttle: r.throttle(`${tk}.throttle`, t.throttle, missing ? { rateLimit: 1, burstLimit: 1 } : undefined),
            quota: {
                limit: r.number(`${tk}.quota.limit`, q.limit, missing ? 1 : undefined, 1, 2_147_483_647),
                period: r.oneOf(`${tk}.quota.period`, q.period, QUOTA_PERIODS, missing ? "DAY" : undefined),
            },
            methodThrottles: r.list(`${tk}.methodThrottles`, t.methodThrottles, [], (itemKey, v) => r.methodThrottle(itemKey, v)),
        };
    }
    return result;
}

function apiClient(r: Reader, key: string, value: unknown): ApiClient {
    const c = r.object(key, value);
    r.known(key, c, ["name", "tier"]);
    return {
        name: r.string(`${key}.name`, c.name, undefined, CLIENT_NAME, "lower-case letters, digits and dashes (at most 63)"),
        tier: r.oneOf(`${key}.tier`, c.tier, TIERS, undefined),
    };
}

const THROTTLE = "{rateLimit: a number from 0.001 to 10000, burstLimit: a whole number from 1 to 5000, at least rateLimit}";

export const GATEWAY_FIELDS: Fields<GatewayConfig> = {
    stageName: text(/^[A-Za-z0-9_]{1,64}$/, "letters, digits and underscores", { description: "stage behind CloudFront; clients never see it", default: "live" }),
    throttle: custom("object", THROTTLE, {
        description: "stage-wide throttle for every method (also caps each tier)",
        default: { rateLimit: 100, burstLimit: 200 },
        shownDefault: "`100 / 200`",
    }, (r, key, value, fallback) => r.throttle(key, value, fallback)),
    endpointThrottles: custom<MethodThrottle[]>("list", "[{method, path, rateLimit, burstLimit}], each naming a route of the API", {
        description: "per-route overrides of the stage-wide throttle",
        default: [],
    }, (r, key, value, fallback) => r.list(key, value, fallback ?? [], (itemKey, v) => r.methodThrottle(itemKey, v))),
    tiers: custom("object", `{${TIERS.join(", ")}}, each {throttle, quota: {limit, period: ${QUOTA_PERIODS.join(" | ")}}, methodThrottles}`, {
        description: "the usage plans' throttles and quotas; each tier at least as fast as the one before and no faster than `gateway.throttle`",
    }, tiers),
    apiClients: custom<ApiClient[]>("list", `[{name, tier}], names unique`, {
        description: "one API key per client, bound to its tier's usage plan",
        default: [],
    }, (r, key, value, fallback) => r.list(key, value, fallback ?? [], (itemKey, v) => apiClient(r, itemKey, v))),
    corsOrigins: texts(ORIGIN, "an origin such as https://app.example.com (scheme and host, no path)", {
        description: "browser origins allowed by CORS, on the API and for presigned image uploads to the assets bucket (PUT only); empty means no browser access",
        default: [],
    }),
    authorizerCacheTtlSeconds: wholeNumber(0, 3600, { description: "seconds API Gateway caches an authorizer decision per token (0 disables caching)", default: 300 }),
    integrationTimeoutMs: wholeNumber(50, 29000, {
        description:
            "Lambda integration timeout; at least `lambda.timeoutSeconds` + 1000 ms (config validation, and the pack's `stack-lambda-enforce-timeout-below-integration`)",
        default: 10000,
    }),
    manageAccountCloudWatchRole: flag({
        description: "create API Gateway's per-account-and-region CloudWatch role and account setting here (true on at most one stack per account and region)",
        default: false,
    }),
};

export const AUTH_FIELDS: Fields<AuthConfig> = {
    mfa: oneOf(["OPTIONAL", "ON"] as const, { description: "multi-factor authentication: optional or required, never off", default: "ON" }),
    threatProtection: flag({ description: "Cognito threat protection (advanced security), ENFORCED", default: true }),
    passwordMinLength: wholeNumber(8, 99, { description: "minimum password length", default: 12 }),
    domainPrefix: text(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, "lower-case letters, digits and dashes", {
        description: "prefix of the Cognito hosted domain, `<prefix>.auth.<region>.amazoncognito.com`",
        default: (stack) => `portcullis-${stack}`,
        shownDefault: "`portcullis-<stack>`",
    }),
    callbackUrls: texts(REDIRECT_URL, "an https URL (http only for localhost)", {
        description: "OAuth redirect URLs of the web client (the portal's `/docs/callback.html` on `edge.domain.name` is added)",
        default: [],
    }),
    logoutUrls: texts(REDIRECT_URL, "an https URL (http only for localhost)", {
        description: "sign-out URLs of the web client (the portal's `/docs/` on `edge.domain.name` is added)",
        default: [],
    }),
    accessTokenMinutes: wholeNumber(5, 1440, { description: "access token lifetime in minutes", default: 60 }),
    passwordClient: flag({
        description:
            "create the public `cli` client (`USER_PASSWORD_AUTH` + refresh) for scripts and tests; only with `auth.mfa: OPTIONAL` (with MFA on, the flow answers a challenge, not tokens)",
        default: false,
    }),
};

export const DATA_FIELDS: Fields<DataConfig> = {
    azCount: wholeNumber(2, 3, { description: "availability zones of the database VPC", default: 3 }),
    minAcu: decimal(0, 256, { description: "least Aurora Serverless v2 capacity in ACUs, in steps of 0.5", default: 0.5 }),
    maxAcu: decimal(1, 256, { description: "most Aurora Serverless v2 capacity in ACUs, in steps of 0.5, at least `data.minAcu`", default: 4 }),
    readerCount: wholeNumber(0, 15, { description: "Aurora readers besides the writer", default: 1 }),
    backupRetentionDays: wholeNumber(1, 35, { description: "days of automated backups", default: 7 }),
    noncurrentVersionDays: wholeNumber(1, 3650, { description: "days before non-current object versions expire in every bucket", default: 30 }),
};

/**
 * Reserved concurrency by route function. A single number (the old form) is refused: it reserved the same for
 * every function, the authorizer and the token trigger included, and added up past what Lambda accepts.
 */
function reservedConcurrency(r: Reader, key: string, value: unknown, fallback: LambdaConfig["reservedConcurrency"] | undefined): LambdaConfig["reservedConcurrency"] {
    if (value === undefined || value === null) return fallback ?? {};
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

export const LAMBDA_FIELDS: Fields<LambdaConfig> = {
    memoryMb: wholeNumber(128, 10240, { description: "every API function's memory in MB", default: 512 }),
    logLevel: oneOf(LAMBDA_LOG_LEVELS, {
        description:
            "every function's `loggingConfig.applicationLogLevel`; Lambda passes it to the code as `AWS_LAMBDA_LOG_LEVEL`, which the handlers read before `LOG_LEVEL`",
        default: "INFO",
    }),
    // 8 s: over a Data API call's whole budget (6.5 s) and the time to answer 503, under the 10 s integration timeout.
    timeoutSeconds: wholeNumber(1, 900, {
        description: "every API function's timeout; at least a store call's whole budget + 500 ms (7, `config/deployRules.ts`)",
        default: 8,
    }),
    reservedConcurrency: custom("object", `{function name: a whole number from 1 to 1000000}; functions: ${ROUTE_FUNCTIONS.join(", ")}`, {
        description: "reserved concurrency by route function, e.g. `{createOrder: 20}`; never the authorizer or the token trigger",
        default: {},
        shownDefault: "none",
    }, reservedConcurrency),
    // AWS's default concurrent-executions quota per account and region; new accounts may start with one as low as 10.
    accountConcurrencyLimit: wholeNumber(10, 10_000_000, {
        description: "the account's Lambda concurrency quota in this region (`aws lambda get-account-settings`); reservations must leave 100 of it",
        default: 1000,
    }),
};

export const OBSERVABILITY_FIELDS: Fields<ObservabilityConfig> = {
    logRetentionDays: oneOf<number>(LOG_RETENTION_DAYS, { description: "retention of every log group, in days CloudWatch Logs accepts", default: 30 }),
    alarmEmails: texts(EMAIL, "an e-mail address", { description: "e-mail subscribers of the alarm topics", default: [] }),
    errorRatePercent: decimal(0.01, 100, { description: "percentage of requests answered with 5xx that raises the alarm", default: 1 }),
    p99LatencyMs: wholeNumber(10, 29000, { description: "p99 latency in milliseconds that raises the alarm", default: 2000 }),
    traceSampleRate: decimal(0, 1, { description: "fraction of requests X-Ray samples beyond the first each second", default: 0.05 }),
};

/** The `portcullis:<section>` objects, in the order they are documented and parsed. */
export const SECTION_FIELDS = {
    edge: EDGE_FIELDS,
    gateway: GATEWAY_FIELDS,
    auth: AUTH_FIELDS,
    data: DATA_FIELDS,
    lambda: LAMBDA_FIELDS,
    observability: OBSERVABILITY_FIELDS,
} as const satisfies { [S in keyof StackConfig]?: Fields<StackConfig[S]> };

export type Section = keyof typeof SECTION_FIELDS;
export const SECTIONS = Object.keys(SECTION_FIELDS) as Section[];

/** Every key, top-level and per section, by its full `namespace:key` name: what the docs and the checks walk. */
export function allFields(): Array<[string, Field<unknown>]> {
    const rows: Array<[string, Field<unknown>]> = Object.entries(TOP_LEVEL_FIELDS) as Array<[string, Field<unknown>]>;
    for (const section of SECTIONS) {
        for (const [name, field] of Object.entries(SECTION_FIELDS[section])) rows.push([`portcullis:${section}.${name}`, field as Field<unknown>]);
    }
    return rows;
}
