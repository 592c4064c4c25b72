import { expect } from "chai";
import { ConfigError, parseConfig, RawConfig, rawConfig, readStackFile } from "../../config";
import { AUTH_DEFAULTS, DATA_DEFAULTS, EDGE_DEFAULTS, GATEWAY_DEFAULTS, LAMBDA_DEFAULTS, OBSERVABILITY_DEFAULTS } from "../../config/defaults";

/** A stack file's `portcullis:*` keys as the raw config the program reads. */
function rawFromStackFile(stack: string): RawConfig {
    const values = readStackFile(stack);
    return rawConfig(stack, (key) => values[key]);
}

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

describe("config/parse", () => {
    describe("the stack files", () => {
        it("parses dev with MFA optional, no protection, 2 AZs, no Shield and its own domain", () => {
            const dev = parseConfig(rawFromStackFile("dev"));
            expect(dev.prefix).to.equal("portcullis-dev");
            expect(dev.protect).to.equal(false);
            expect(dev.auth.mfa).to.equal("OPTIONAL");
            expect(dev.auth.threatProtection).to.equal(false);
            expect(dev.data.azCount).to.equal(2);
            expect(dev.data.readerCount).to.equal(0);
            expect(dev.edge.shieldAdvanced).to.equal(false);
            expect(dev.edge.botControl).to.equal(false);
            expect(dev.edge.domain?.name).to.equal("api.dev.portcullis.example.com");
            expect(dev.edge.maxBodyBytes).to.equal(16384);
            expect(dev.observability.logRetentionDays).to.equal(30);
            expect(dev.gateway.tiers.basic).to.deep.equal({ throttle: { rateLimit: 5, burstLimit: 10 }, quota: { limit: 1000, period: "DAY" }, methodThrottles: [] });
        });

        it("parses prod with every protection on", () => {
            const prod = parseConfig(rawFromStackFile("prod"));
            expect(prod.protect).to.equal(true);
            expect(prod.auth.mfa).to.equal("ON");
            expect(prod.auth.threatProtection).to.equal(true);
            expect(prod.data.azCount).to.equal(3);
            expect(prod.data.readerCount).to.equal(1);
            expect(prod.edge.shieldAdvanced).to.equal(true);
            expect(prod.edge.anonymousIpList).to.equal(true);
            expect(prod.edge.botControl).to.equal(true);
            expect(prod.edge.domain?.name).to.equal("api.portcullis.example.com");
            expect(prod.edge.geoRestriction).to.deep.equal({ type: "blacklist", locations: ["KP", "IR", "SY", "CU"] });
            expect(prod.lambda.reservedConcurrency).to.equal(50);
            expect(prod.gateway.tiers.enterprise.quota).to.deep.equal({ limit: 50000000, period: "MONTH" });
        });

        it("returns a deeply frozen object", () => {
            const dev = parseConfig(rawFromStackFile("dev"));
            expect(Object.isFrozen(dev)).to.equal(true);
            expect(Object.isFrozen(dev.gateway.tiers.basic.throttle)).to.equal(true);
            expect(Object.isFrozen(dev.gateway.corsOrigins)).to.equal(true);
        });
    });

    describe("defaults", () => {
        it("fills every optional key with the documented, safe default", () => {
            const c = parseConfig(minimal());
            expect(c.protect).to.equal(true);
            expect(c.edge).to.deep.equal({ ...EDGE_DEFAULTS, domain: undefined });
            expect(c.auth).to.deep.equal({ ...AUTH_DEFAULTS, domainPrefix: "portcullis-test" });
            expect(c.auth.mfa).to.equal("ON");
            expect(c.auth.threatProtection).to.equal(true);
            expect(c.data).to.deep.equal(DATA_DEFAULTS);
            expect(c.lambda).to.deep.equal(LAMBDA_DEFAULTS);
            expect(c.observability).to.deep.equal(OBSERVABILITY_DEFAULTS);
            const { tiers, apiClients, ...gateway } = c.gateway;
            expect(gateway).to.deep.equal(GATEWAY_DEFAULTS);
            expect(apiClients).to.deep.equal([]);
            expect(tiers.basic.methodThrottles).to.deep.equal([]);
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
        for (const [what, change, message] of cases) {
            it(`rejects ${what}`, () => {
                const problems = problemsOf(change);
                expect(problems.some((p) => p.startsWith(message)), `problems were:\n${problems.join("\n")}`).to.equal(true);
            });
        }

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
