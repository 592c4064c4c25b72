import * as aws from "@pulumi/aws";
import { expect } from "chai";
import { EDGE_REGION } from "../../components/edgeRegion";
import { names } from "../../components/naming";
import { FUNCTION_KEYS } from "../../handlers/keys";
import type { AuthRefs, BucketRef, DataRefs, EdgeRefs, LogGroupRef, LogGroups } from "../../components/types";
import { parseConfig, type RawConfig, type StackConfig } from "../../config";
import { type CapturedResource, type EvaluatedStack, evaluateComponents, evaluateStack } from "../../harness/evaluate";
import { ACCOUNT } from "../../harness/mocks";

/** Both stack files, evaluated as whole programs once per mocha process (tests of the stacks, not of one component). */
export function evaluateBothStacks(): Partial<Record<"dev" | "prod", EvaluatedStack>> {
    const stacks: Partial<Record<"dev" | "prod", EvaluatedStack>> = {};
    before(async function () {
        // The first file to ask pays for both evaluations (every function serialized); on two cores shared with
        // other work that has taken over the default 60 s.
        this.timeout(300_000);
        stacks.dev = await evaluateStack("dev");
        stacks.prod = await evaluateStack("prod");
    });
    return stacks;
}

/**
 * Each case's program (a component built from explicit inputs, see `evaluateComponents`), evaluated once per
 * test file in a `before` hook and read by name through {@link componentView}.
 */
export function evaluateCases<C extends string>(builds: Record<C, () => Record<string, unknown>>): Partial<Record<C, EvaluatedStack>> {
    const evaluated: Partial<Record<C, EvaluatedStack>> = {};
    before(async function () {
        // Components with functions bundle them first (cached per process and on disk); cold, on two shared
        // cores, that has taken over the default 60 s.
        this.timeout(300_000);
        for (const name of Object.keys(builds) as C[]) evaluated[name] = await evaluateComponents(builds[name]);
    });
    return evaluated;
}

/** How many resources of each type, for exact-count assertions. */
export function countByType(resources: CapturedResource[]): Record<string, number> {
    return resources.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.type]: (acc[r.type] ?? 0) + 1 }), {});
}

/** One component's resources in one stack, read after the `before` hook of {@link evaluateBothStacks} ran. */
export interface ComponentView {
    readonly stack: EvaluatedStack;
    /** The component's direct children. */
    readonly mine: CapturedResource[];
    ofType(type: string): CapturedResource[];
    /** The one resource of the stack with this type and logical name. */
    named(type: string, name: string): CapturedResource;
}

export function componentView<C extends string>(stacks: Partial<Record<C, EvaluatedStack>>, stackName: C, component: string): ComponentView {
    const view: ComponentView = {
        get stack() {
            const stack = stacks[stackName];
            if (stack === undefined) throw new Error(`the ${stackName} stack is read before it was evaluated`);
            return stack;
        },
        get mine() {
            return view.stack.resources.filter((r) => r.parent === component);
        },
        ofType: (type) => view.mine.filter((r) => r.type === type),
        named(type, name) {
            const found = view.stack.resources.filter((r) => r.type === type && r.name === name);
            expect(found, `${type}::${name}`).to.have.length(1);
            return found[0];
        },
    };
    return view;
}

/** Pulumi's wire marker of a secret value. */
const SECRET_SIG = "4dabf18193072939515e22adb298388d";

/** The value of an input the engine received as a secret; fails when it arrived in clear. */
export function secretValue(input: unknown): unknown {
    const wrapped = input as Record<string, unknown> | undefined;
    expect(wrapped?.[SECRET_SIG], "a secret input").to.equal("1b47061264138c4ac30d75fd1eb44270");
    return wrapped!.value;
}

/** The tiers every stack must offer, at their smallest: the one section `parseConfig` has no default for. */
const MINIMAL_TIERS = {
    basic: { throttle: { rateLimit: 5, burstLimit: 10 }, quota: { limit: 1000, period: "DAY" } },
    premium: { throttle: { rateLimit: 20, burstLimit: 40 }, quota: { limit: 20000, period: "DAY" } },
    enterprise: { throttle: { rateLimit: 50, burstLimit: 100 }, quota: { limit: 1000000, period: "MONTH" } },
};

/**
 * A validated config from the defaults plus exactly the sections a test names: what a component test builds
 * its component from, instead of a stack file. Stack `test`, so every physical name starts `portcullis-test`.
 */
export function testConfig(sections: Omit<RawConfig, "stack" | "region"> = {}): StackConfig {
    const gateway = { tiers: MINIMAL_TIERS, ...(sections.gateway as object | undefined) };
    return parseConfig({ stack: TEST_STACK, region: TEST_REGION, ...sections, gateway });
}

export const TEST_STACK = "test";
export const TEST_REGION = "eu-west-1";
export const TEST_PREFIX = `portcullis-${TEST_STACK}`;

/** A stand-in for another component's log group: plain, recognizable values. */
const logGroup = (name: string): LogGroupRef => ({ name, arn: `arn:aws:logs:${TEST_REGION}:${ACCOUNT}:log-group:${name}` });
const bucket = (key: string): BucketRef => ({
    bucket: `${TEST_PREFIX}-${key}`,
    arn: `arn:aws:s3:::${TEST_PREFIX}-${key}`,
    regionalDomainName: `${TEST_PREFIX}-${key}.s3.${TEST_REGION}.amazonaws.com`,
});

/** What the other components hand the one under test, as plain values: assertions compare with these. */
export const UPSTREAM = {
    logGroups: {
        logsKeyArn: `arn:aws:kms:${TEST_REGION}:${ACCOUNT}:key/logs`,
        functions: Object.fromEntries(FUNCTION_KEYS.map((fn) => [fn, logGroup(names.functionLogGroup(TEST_PREFIX, fn))])) as LogGroups["functions"],
        apiAccess: logGroup(names.accessLogGroup(TEST_PREFIX)),
        wafEdge: { name: names.wafLogGroup(TEST_PREFIX, "edge"), arn: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:${names.wafLogGroup(TEST_PREFIX, "edge")}` },
        wafRegional: logGroup(names.wafLogGroup(TEST_PREFIX, "regional")),
        rdsPostgres: logGroup(`/aws/rds/cluster/${names.cluster(TEST_PREFIX)}/postgresql`),
    } satisfies LogGroups,
    data: {
        tableName: names.table(TEST_PREFIX),
        tableArn: `arn:aws:dynamodb:${TEST_REGION}:${ACCOUNT}:table/${names.table(TEST_PREFIX)}`,
        dataKeyArn: `arn:aws:kms:${TEST_REGION}:${ACCOUNT}:key/data`,
        clusterArn: `arn:aws:rds:${TEST_REGION}:${ACCOUNT}:cluster:${names.cluster(TEST_PREFIX)}`,
        clusterSecretArn: `arn:aws:secretsmanager:${TEST_REGION}:${ACCOUNT}:secret:rds!cluster-AbCdEf`,
        cursorSecretArn: `arn:aws:secretsmanager:${TEST_REGION}:${ACCOUNT}:secret:${TEST_PREFIX}/cursor-AbCdEf`,
        databaseName: names.databaseName,
        assets: bucket("assets"),
        private: bucket("private"),
        logs: bucket("logs"),
    } satisfies DataRefs,
    auth: {
        userPoolId: `${TEST_REGION}_TestPool`,
        userPoolArn: `arn:aws:cognito-idp:${TEST_REGION}:${ACCOUNT}:userpool/${TEST_REGION}_TestPool`,
        issuer: `https://cognito-idp.${TEST_REGION}.amazonaws.com/${TEST_REGION}_TestPool`,
        clientIds: ["web-client-id", "service-client-id"],
        authorizerArn: `arn:aws:lambda:${TEST_REGION}:${ACCOUNT}:function:${names.function(TEST_PREFIX, "authorizer")}`,
    } satisfies AuthRefs,
    edge: {
        baseUrl: "https://api.test.example.com",
        keyPairId: "K2TESTKEYPAIR",
        signingSecretArn: `arn:aws:secretsmanager:${TEST_REGION}:${ACCOUNT}:secret:${TEST_PREFIX}/edge/url-signing-key-AbCdEf`,
    } satisfies EdgeRefs,
} as const;

/** The us-east-1 provider as index.ts makes it; call inside the build callback of `evaluateComponents`. */
export function testEdgeProvider(): aws.Provider {
    return new aws.Provider(EDGE_REGION, { region: EDGE_REGION });
}
export const EDGE_PROVIDER = `pulumi:providers:aws::${EDGE_REGION}`;
