import { expect } from "chai";
import { ConfigError, loadStackConfig, parseConfig, RawConfig } from "../../config";

/** A custom domain with a valid us-east-1 certificate, for the hosted zone cases. */
const CERTIFIED_DOMAIN = { name: "api.example.com", certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/0d7c3f3e-5b1a-4e8e-9a51-2b6f1f0a9c11" };

/** The smallest valid config: only the keys without defaults. */
function minimal(): RawConfig {
    const tier = (rate: number) => ({ throttle: { rateLimit: rate, burstLimit: rate * 2 }, quota: { limit: 1000, period: "DAY" } });
    return { stack: "test", region: "eu-west-1", gateway: { tiers: { basic: tier(1), premium: tier(5), enterprise: tier(10) } } };
}

/** Applies `change` to a fresh minimal config and returns the problems parseConfig reports. */
function problemsOf(change: (raw: any) => void): string[] {
    const raw = minimal() as any;
    change(raw);
    try {
        parseConfig(raw);
    } catch (e) {
        expect(e).to.be.instanceOf(ConfigError);
        return (e as ConfigError).problems;
    }
    throw new Error("expected a ConfigError");
}

/** One test per case: the change makes parseConfig report a problem that starts with the exact message. */
function itRejects(cases: Array<[string, (raw: any) => void, string]>): void {
    for (const [what, change, message] of cases) {
        it(`rejects ${what}`, () => {
            const problems = problemsOf(change);
            expect(problems.some((p) => p.startsWith(message)), `problems were:\n${problems.join("\n")}`).to.equal(true);
        });
    }
}

describe("config/parse", () => {
    describe("the stack files", () => {
        it("parses dev with MFA optional, no protection, 2 AZs, no Shield and its own domain", () => {
            const dev = loadStackConfig("dev");
            expect(dev.prefix).to.equal("portcullis-dev");
            expect(dev.protect).to.equal(false);
            expect(dev.auth.mfa).to.equal("OPTIONAL");
            expect(dev.auth.threatProtection).to.equal(false);
            expect(dev.auth.passwordClient).to.equal(true);
            expect(dev.data.azCount).to.equal(2);
            expect(dev.data.readerCount).to.equal(0);
            expect(dev.edge.shieldAdvanced).to.equal(false);
            expect(dev.lambda.reservedConcurrency).to.deep.equal({});
            expect(dev.edge.botControl).to.equal(false);
            expect(dev.edge.domain?.name).to.equal("api.dev.portcullis.example.com");
            expect(dev.edge.maxBodyBytes).to.equal(16384);
            expect(dev.observability.logRetentionDays).to.equal(30);
            expect(dev.gateway.tiers.basic).to.deep.equal({ throttle: { rateLimit: 5, burstLimit: 10 }, quota: { limit: 1000, period: "DAY" }, methodThrottles: [] });
        });

        it("parses prod with every protection on", () => {
            const prod = loadStackConfig("prod");
            expect(prod.protect).to.equal(true);
            expect(prod.auth.mfa).to.equal("ON");
            expect(prod.auth.threatProtection).to.equal(true);
            expect(prod.auth.passwordClient).to.equal(false);
            expect(prod.data.azCount).to.equal(3);
            expect(prod.data.readerCount).to.equal(1);
            expect(prod.edge.shieldAdvanced).to.equal(true);
            expect(prod.edge.anonymousIpList).to.equal(true);
            expect(prod.edge.botControl).to.equal(true);
            expect(prod.edge.domain?.name).to.equal("api.portcullis.example.com");
            expect(prod.edge.geoRestriction).to.deep.equal({ type: "blacklist", locations: ["KP", "IR", "SY", "CU"] });
            expect(prod.edge.shieldSubscribed).to.equal(true);
            expect(prod.lambda.reservedConcurrency).to.deep.equal({ createOrder: 100, readOrders: 50, orderReceipt: 20, salesReport: 10 });
            expect(prod.lambda.accountConcurrencyLimit).to.equal(1000);
            expect(prod.gateway.tiers.enterprise.quota).to.deep.equal({ limit: 50000000, period: "MONTH" });
        });

        it("returns a deeply frozen object", () => {
            const dev = loadStackConfig("dev");
            expect(Object.isFrozen(dev)).to.equal(true);
            expect(Object.isFrozen(dev.gateway.tiers.basic.throttle)).to.equal(true);
            expect(Object.isFrozen(dev.gateway.corsOrigins)).to.equal(true);
        });
    });

    describe("defaults", () => {
        // Literal values, not the table's: changing a default must fail here and be a decision, not a side effect.
        it("fills every optional key with the documented, safe default", () => {
            const c = parseConfig(minimal());
            expect(c.protect).to.equal(true);
            expect(c.edge).to.deep.equal({
                domain: undefined,
                geoRestriction: { type: "none" },
                wafRateLimitPer5Min: 2000,
                maxBodyBytes: 16384,
                anonymousIpList: true,
                botControl: true,
                shieldAdvanced: false,
                shieldSubscribed: false,
                priceClass: "PriceClass_100",
                signedUrlTtlSeconds: 300,
            });
            const { tiers, ...gateway } = c.gateway;
            expect(gateway).to.deep.equal({
                stageName: "live",
                throttle: { rateLimit: 100, burstLimit: 200 },
                endpointThrottles: [],
                apiClients: [],
                corsOrigins: [],
                authorizerCacheTtlSeconds: 300,
                integrationTimeoutMs: 10000,
                manageAccountCloudWatchRole: false,
            });
            expect(tiers.basic.methodThrottles).to.deep.equal([]);
            expect(c.auth).to.deep.equal({
                mfa: "ON",
                threatProtection: true,
                passwordMinLength: 12,
                domainPrefix: "portcullis-test",
                callbackUrls: [],
                logoutUrls: [],
                accessTokenMinutes: 60,
                passwordClient: false,
            });
            expect(c.data).to.deep.equal({ azCount: 3, minAcu: 0.5, maxAcu: 4, readerCount: 1, backupRetentionDays: 7, noncurrentVersionDays: 30 });
            expect(c.lambda).to.deep.equal({ memoryMb: 512, logLevel: "INFO", timeoutSeconds: 8, reservedConcurrency: {}, accountConcurrencyLimit: 1000 });
            expect(c.observability).to.deep.equal({ logRetentionDays: 30, alarmEmails: [], errorRatePercent: 1, p99LatencyMs: 2000, traceSampleRate: 0.05 });
        });

        it("owns no account-level setting, claims no Shield subscription, reserves nothing and nests its timeouts", () => {
            const c = parseConfig(minimal());
            expect(c.gateway.manageAccountCloudWatchRole).to.equal(false);
            expect(c.edge.shieldSubscribed).to.equal(false);
            expect(c.lambda.reservedConcurrency).to.deep.equal({});
            expect(c.lambda.accountConcurrencyLimit).to.equal(1000);
            expect([c.lambda.timeoutSeconds, c.gateway.integrationTimeoutMs]).to.deep.equal([8, 10000]);
        });
    });

    describe("deploy rules across keys (config/deployRules.ts)", () => {
        const FUNCTIONS = "health, catalogRead, catalogWrite, imageUpload, createOrder, readOrders, orderReceipt, salesReport, stockUpdate";
        const rejects: Array<[string, (raw: any) => void, string]> = [
            ["Shield Advanced without the account's subscription (blocker 6)", (r) => (r.edge = { shieldAdvanced: true }),
                "portcullis:edge.shieldAdvanced is true but portcullis:edge.shieldSubscribed is not: a Shield Advanced protection needs the account's subscription (CreateProtection fails with \"The subscription does not exist\"). Subscribe once per account with the bootstrap program's shieldAdvancedSubscription flag (USD 3,000 a month, one-year commitment), then set portcullis:edge.shieldSubscribed: true; or set portcullis:edge.shieldAdvanced: false"],
            ["one reservation for every function (blocker 7)", (r) => (r.lambda = { reservedConcurrency: 50 }),
                `portcullis:lambda.reservedConcurrency must be reservations by function name, e.g. { createOrder: 20 } (functions: ${FUNCTIONS}), never one number for every function; got 50`],
            ["a reservation on the authorizer", (r) => (r.lambda = { reservedConcurrency: { authorizer: 10 } }),
                "portcullis:lambda.reservedConcurrency.authorizer must not be set: a reservation caps the function, and a throttled authorizer fails every request instead of protecting a store"],
            ["a reservation on the token trigger", (r) => (r.lambda = { reservedConcurrency: { preTokenGeneration: 10 } }),
                "portcullis:lambda.reservedConcurrency.preTokenGeneration must not be set: a reservation caps the function, and a throttled preTokenGeneration fails every request instead of protecting a store"],
            ["a reservation on a function that does not exist", (r) => (r.lambda = { reservedConcurrency: { createOrders: 10 } }),
                `portcullis:lambda.reservedConcurrency.createOrders is not a route function; known functions are ${FUNCTIONS}`],
            ["a reservation of 0 (a function that never runs)", (r) => (r.lambda = { reservedConcurrency: { createOrder: 0 } }),
                "portcullis:lambda.reservedConcurrency.createOrder must be a whole number from 1 to 1000000; got 0"],
            ["reservations leaving under 100 unreserved", (r) => (r.lambda = { reservedConcurrency: { createOrder: 500, readOrders: 401 } }),
                "portcullis:lambda.reservedConcurrency reserves 901 in total (createOrder 500, readOrders 401), but portcullis:lambda.accountConcurrencyLimit (1000) less the 100 Lambda keeps unreserved allows at most 900: lower the reservations, or raise the account's quota and then the limit"],
            ["reservations on an account with a small quota", (r) => (r.lambda = { reservedConcurrency: { createOrder: 1 }, accountConcurrencyLimit: 50 }),
                "portcullis:lambda.reservedConcurrency reserves 1 in total (createOrder 1), but portcullis:lambda.accountConcurrencyLimit (50) less the 100 Lambda keeps unreserved allows at most 0"],
            ["a Lambda timeout a slow Data API call outlasts (blocker 8)", (r) => (r.lambda = { timeoutSeconds: 6 }),
                "portcullis:lambda.timeoutSeconds must be at least 7 so a slow store ends in a 503: a Data API call may take 6500 ms (STORE_CALLS in handlers/lib/aws.ts: 2 attempts of 3000 ms plus 500 ms between them) and answering takes 500 ms; got 6"],
            ["a Lambda timeout equal to the integration timeout (blocker 8)", (r) => ((r.lambda = { timeoutSeconds: 10 }), (r.gateway.integrationTimeoutMs = 10000)),
                "portcullis:gateway.integrationTimeoutMs must be at least portcullis:lambda.timeoutSeconds (10 s) plus 1000 ms for the invocation and a cold start, 11000, or API Gateway answers 504 while the function still runs; got 10000"],
        ];
        itRejects(rejects);

        it("accepts each rule at its boundary", () => {
            const raw = minimal() as any;
            raw.edge = { shieldAdvanced: true, shieldSubscribed: true };
            raw.lambda = { timeoutSeconds: 7, reservedConcurrency: { createOrder: 500, readOrders: 400 }, accountConcurrencyLimit: 1000 };
            raw.gateway.integrationTimeoutMs = 8000;
            const c = parseConfig(raw);
            expect([c.edge.shieldAdvanced, c.lambda.timeoutSeconds, c.gateway.integrationTimeoutMs]).to.deep.equal([true, 7, 8000]);
            expect(c.lambda.reservedConcurrency).to.deep.equal({ createOrder: 500, readOrders: 400 });
        });

        it("checks rules across keys only once every key is valid, so a bad key does not raise a second, misleading problem", () => {
            const problems = problemsOf((r) => (r.lambda = { timeoutSeconds: 0 }));
            expect(problems).to.deep.equal(["portcullis:lambda.timeoutSeconds must be a whole number from 1 to 900; got 0"]);
        });
    });

    describe("edge.domain.hostedZoneId", () => {
        it("is optional, and kept when it is a Route 53 zone id", () => {
            const raw = minimal() as any;
            raw.edge = { domain: CERTIFIED_DOMAIN };
            expect(parseConfig(raw).edge.domain).to.deep.equal(CERTIFIED_DOMAIN);
            raw.edge = { domain: { ...CERTIFIED_DOMAIN, hostedZoneId: "Z0123456789ABCDEFGHIJ" } };
            expect(parseConfig(raw).edge.domain?.hostedZoneId).to.equal("Z0123456789ABCDEFGHIJ");
        });
    });

    describe("errors name the key and the allowed values", () => {
        const cases: Array<[string, (raw: any) => void, string]> = [
            ["a zero rate", (r) => (r.gateway.throttle = { rateLimit: 0, burstLimit: 10 }), "portcullis:gateway.throttle.rateLimit must be a number from 0.001 to 10000; got 0"],
            ["a negative burst", (r) => (r.gateway.tiers.basic.throttle.burstLimit = -1), "portcullis:gateway.tiers.basic.throttle.burstLimit must be a whole number from 1 to 5000; got -1"],
            ["a burst below the rate", (r) => (r.gateway.tiers.basic.throttle = { rateLimit: 8, burstLimit: 4 }), "portcullis:gateway.tiers.basic.throttle.burstLimit must be at least rateLimit (8); got 4"],
            ["an unknown tier on a client", (r) => (r.gateway.apiClients = [{ name: "acme", tier: "gold" }]), 'portcullis:gateway.apiClients[0].tier must be one of basic, premium, enterprise; got "gold"'],
            ["an unknown tier in tiers", (r) => (r.gateway.tiers.gold = r.gateway.tiers.basic), "portcullis:gateway.tiers.gold is not a known key; known keys are basic, premium, enterprise"],
            ["a missing tier", (r) => delete r.gateway.tiers.premium, "portcullis:gateway.tiers.premium is required (every stack offers the tiers basic, premium, enterprise)"],
            ["a quota period API Gateway lacks", (r) => (r.gateway.tiers.basic.quota.period = "HOUR"), 'portcullis:gateway.tiers.basic.quota.period must be one of DAY, WEEK, MONTH; got "HOUR"'],
            ["a retention CloudWatch does not allow", (r) => (r.observability = { logRetentionDays: 10 }), "portcullis:observability.logRetentionDays must be one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653; got 10"],
            ["a malformed e-mail", (r) => (r.observability = { alarmEmails: ["oncall-at-example.com"] }), 'portcullis:observability.alarmEmails[0] must be an e-mail address; got "oncall-at-example.com"'],
            ["a CORS origin with a path", (r) => (r.gateway.corsOrigins = ["https://app.example.com/x"]), 'portcullis:gateway.corsOrigins[0] must be an origin such as https://app.example.com (scheme and host, no path); got "https://app.example.com/x"'],
            ["a certificate outside us-east-1", (r) => (r.edge = { domain: { name: "api.example.com", certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/0d7c3f3e-5b1a-4e8e-9a51-2b6f1f0a9c11" } }), 'portcullis:edge.domain.certificateArn must be the ARN of an ACM certificate in us-east-1 (CloudFront only uses certificates from us-east-1); got "arn:aws:acm:eu-west-1:123456789012:certificate/0d7c3f3e-5b1a-4e8e-9a51-2b6f1f0a9c11"'],
            ["a hosted zone id with the /hostedzone/ prefix", (r) => (r.edge = { domain: { ...CERTIFIED_DOMAIN, hostedZoneId: "/hostedzone/Z0123456789ABCDEFGHIJ" } }), 'portcullis:edge.domain.hostedZoneId must be a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ (Z and at most 31 upper-case letters or digits, without /hostedzone/); got "/hostedzone/Z0123456789ABCDEFGHIJ"'],
            ["a hosted zone id longer than Route 53's 32 characters", (r) => (r.edge = { domain: { ...CERTIFIED_DOMAIN, hostedZoneId: `Z${"A".repeat(32)}` } }), "portcullis:edge.domain.hostedZoneId must be a Route 53 hosted zone id"],
            ["a lower-case hosted zone id", (r) => (r.edge = { domain: { ...CERTIFIED_DOMAIN, hostedZoneId: "z0123abc" } }), "portcullis:edge.domain.hostedZoneId must be a Route 53 hosted zone id"],
            ["a typo in a domain key", (r) => (r.edge = { domain: { ...CERTIFIED_DOMAIN, zoneId: "Z0123" } }), "portcullis:edge.domain.zoneId is not a known key; known keys are name, certificateArn, hostedZoneId"],
            ["an invalid country code", (r) => (r.edge = { geoRestriction: { type: "whitelist", locations: ["Germany"] } }), 'portcullis:edge.geoRestriction.locations[0] must be an ISO 3166-1 alpha-2 country code such as DE; got "Germany"'],
            ["a geo restriction without countries", (r) => (r.edge = { geoRestriction: { type: "whitelist", locations: [] } }), "portcullis:edge.geoRestriction.locations must list at least one country code when type is whitelist"],
            ["MFA off", (r) => (r.auth = { mfa: "OFF" }), 'portcullis:auth.mfa must be one of OPTIONAL, ON; got "OFF"'],
            ["a password client that is not a boolean", (r) => (r.auth = { mfa: "OPTIONAL", passwordClient: "yes" }), 'portcullis:auth.passwordClient must be'],
            ["a password client with MFA required", (r) => (r.auth = { mfa: "ON", passwordClient: true }),
                "portcullis:auth.passwordClient may be true only with portcullis:auth.mfa OPTIONAL (with MFA ON, USER_PASSWORD_AUTH returns an MFA challenge, not tokens); got mfa ON"],
            ["a log level Lambda does not know", (r) => (r.lambda = { logLevel: "VERBOSE" }), 'portcullis:lambda.logLevel must be one of TRACE, DEBUG, INFO, WARN, ERROR, FATAL; got "VERBOSE"'],
            ["a throttle on a route the API lacks", (r) => (r.gateway.endpointThrottles = [{ method: "GET", path: "/v1/nope", rateLimit: 1, burstLimit: 1 }]), "portcullis:gateway.endpointThrottles[0] must name a route of the API; GET /v1/nope is not one"],
            ["a tier faster than the stage", (r) => (r.gateway.throttle = { rateLimit: 5, burstLimit: 10 }), "portcullis:gateway.tiers.enterprise.throttle.rateLimit must not exceed the stage-wide rateLimit (5); got 10"],
            ["tiers out of order", (r) => (r.gateway.tiers.premium.throttle = { rateLimit: 0.5, burstLimit: 1 }), "portcullis:gateway.tiers.premium.throttle.rateLimit must be at least the basic tier's (1); got 0.5"],
            ["max ACU below min", (r) => (r.data = { minAcu: 4, maxAcu: 2 }), "portcullis:data.maxAcu must be at least minAcu (4); got 2"],
            ["half-ACU steps", (r) => (r.data = { minAcu: 0.3 }), "portcullis:data.minAcu must be a multiple of 0.5; got 0.3"],
            ["a body limit WAF cannot inspect at the edge", (r) => (r.edge = { maxBodyBytes: 65537 }), "portcullis:edge.maxBodyBytes must be a whole number from 1 to 65536; got 65537"],
            ["an AZ count the design does not support", (r) => (r.data = { azCount: 1 }), "portcullis:data.azCount must be a whole number from 2 to 3; got 1"],
            ["a typo in a key", (r) => (r.data = { backupRetentionDay: 7 }), "portcullis:data.backupRetentionDay is not a known key; known keys are azCount, minAcu, maxAcu, readerCount, backupRetentionDays, noncurrentVersionDays"],
            ["a duplicate client", (r) => (r.gateway.apiClients = [{ name: "a", tier: "basic" }, { name: "a", tier: "premium" }]), 'portcullis:gateway.apiClients[1].name must be unique; "a" appears twice'],
            ["a missing region", (r) => delete r.region, "aws:region is required (an AWS region such as eu-west-1)"],
            ["an authorizer cache beyond an hour", (r) => (r.gateway.authorizerCacheTtlSeconds = 7200), "portcullis:gateway.authorizerCacheTtlSeconds must be a whole number from 0 to 3600; got 7200"],
        ];
        itRejects(cases);

        it("reports every bad key at once, in one error naming the stack", () => {
            const raw = minimal() as any;
            raw.gateway.throttle = { rateLimit: -1, burstLimit: 10 };
            raw.observability = { logRetentionDays: 10 };
            expect(() => parseConfig(raw))
                .to.throw(ConfigError)
                .with.property("message")
                .that.matches(/^Invalid configuration for stack "test":\n {2}- portcullis:gateway\.throttle\.rateLimit .*\n {2}- portcullis:observability\.logRetentionDays /);
        });
    });
});
