/**
 * The AWS API constraints table against both real stacks: every value it covers is one AWS accepts, and every
 * name-like input of every resource type the stacks create is covered (or listed as a reference or as having no
 * documented limit), so a new resource cannot slip past the table.
 */
import { expect } from "chai";
import { AWS_CONSTRAINTS, TAG_CONSTRAINTS } from "../../policies/lib/awsConstraints";
import { constraintProblems, problemOf, valuesAt } from "../../policies/lib/constraintCheck";
import { OfflineResource } from "../../policies/offline";
import { unwrapSecrets } from "../../policies/offline/args";
import { realStacks } from "./harness";

/** Inputs that name or describe something: what AWS validates for length and characters. */
const NAME_LIKE = /^(name|namePrefix|description|comment|identifier|domain|aliases|path|tags|key)$|(Name|Description|Identifier|Prefix)$/;

/** Name-like top-level inputs of a resource that the table neither checks nor explains. */
function uncovered(r: OfflineResource): string[] {
    const entry = AWS_CONSTRAINTS[r.type];
    const covered = new Set([...Object.keys(entry?.properties ?? {}), ...Object.keys(TAG_CONSTRAINTS)].map((p) => p.split(/[.[]/)[0]));
    return Object.keys(r.props ?? {}).filter((k) => NAME_LIKE.test(k) && !covered.has(k) && !(k in (entry?.unchecked ?? {})))
        .map((k) => `${r.type} ${k}`);
}

describe("AWS API constraints table", () => {
    it("cites an AWS (or provider) reference for every constraint and bounds every checked name", () => {
        for (const [type, entry] of Object.entries(AWS_CONSTRAINTS)) {
            for (const [path, c] of Object.entries(entry.properties)) {
                expect(c.doc, `${type} ${path}`).to.match(/^https:\/\/(docs\.aws\.amazon\.com|registry\.terraform\.io)\//);
                expect(c.max !== undefined || c.pattern !== undefined, `${type} ${path} constrains nothing`).to.equal(true);
            }
        }
    });

    it("knows the limits the issue names", () => {
        const c = (type: string, path: string) => AWS_CONSTRAINTS[type].properties[path];
        expect(c("aws:cloudfront/distribution:Distribution", "comment").max).to.equal(128);
        expect(c("aws:lambda/function:Function", "description").max).to.equal(256);
        expect(c("aws:iam/role:Role", "name").max).to.equal(64);
        expect(c("aws:iam/rolePolicy:RolePolicy", "name").max).to.equal(128);
        expect(c("aws:iam/role:Role", "description").max).to.equal(1000);
        expect(c("aws:cloudwatch/metricAlarm:MetricAlarm", "alarmDescription").max).to.equal(1024);
        expect(TAG_CONSTRAINTS["tags.{keys}"].max).to.equal(128);
        expect(TAG_CONSTRAINTS["tags.{values}"].max).to.equal(256);
    });

    it("refuses what each service refuses and accepts what it accepts", () => {
        const p = (type: string, path: string, value: string) => problemOf(value, AWS_CONSTRAINTS[type].properties[path]);
        expect(p("aws:wafv2/webAcl:WebAcl", "description", "Admits requests (origin-verify)")).to.match(/^does not match/);
        expect(p("aws:wafv2/webAcl:WebAcl", "description", "Admits only requests that came through CloudFront, which carry the origin-verify header.")).to.equal(undefined);
        expect(p("aws:ec2/securityGroup:SecurityGroup", "description", "Aurora: only from the functions' subnets")).to.match(/^does not match/);
        expect(p("aws:ec2/securityGroup:SecurityGroup", "name", "sg-data")).to.equal("starts with 'sg-', which AWS reserves");
        expect(p("aws:rds/cluster:Cluster", "clusterIdentifier", "portcullis--orders")).to.equal("contains '--', which is not allowed");
        expect(p("aws:rds/cluster:Cluster", "clusterIdentifier", "1-orders")).to.match(/^does not match/);
        expect(p("aws:xray/samplingRule:SamplingRule", "ruleName", "portcullis-production-eu-west-api")).to.equal("is 33 characters long; at most 32 are allowed");
        expect(p("aws:cognito/userPoolDomain:UserPoolDomain", "domain", "Portcullis-Prod")).to.match(/^does not match/);
        expect(p("aws:s3/bucket:Bucket", "bucketPrefix", "portcullis-production-eu-west-1-assets-")).to.equal("is 39 characters long; at most 37 are allowed");
        expect(p("aws:kms/alias:Alias", "name", "alias/aws/portcullis")).to.equal("starts with 'alias/aws/', which AWS reserves");
        expect(p("aws:iam/role:Role", "description", "Lambda role 🚀")).to.match(/^does not match/);
    });

    it("reads nested values, map keys and values, and skips what is missing", () => {
        const props = { rules: [{ name: "a" }, { name: "b" }], tags: { k: "v" }, environment: { variables: { A1: "x" } } };
        expect(valuesAt(props, "rules[].name")).to.deep.equal([{ where: "rules[0].name", value: "a" }, { where: "rules[1].name", value: "b" }]);
        expect(valuesAt(props, "tags.{keys}")).to.deep.equal([{ where: "tags[\"k\"] (key)", value: "k" }]);
        expect(valuesAt(props, "tags.{values}")).to.deep.equal([{ where: "tags[\"k\"]", value: "v" }]);
        expect(valuesAt(props, "visibilityConfig.metricName")).to.deep.equal([]);
    });

    it("skips a value the engine does not know yet during preview instead of failing or crashing", () => {
        const proxy = require("@pulumi/policy/proxy") as { unknownCheckingProxy<T>(v: T): T; unknownStringValue: string };
        const props = { ruleName: proxy.unknownStringValue };
        // The sentinel is 36 characters: read as a value it would break the 32-character limit.
        expect(constraintProblems("aws:xray/samplingRule:SamplingRule", props).map((p) => p.problem)).to.deep.equal(["is 36 characters long; at most 32 are allowed"]);
        expect(constraintProblems("aws:xray/samplingRule:SamplingRule", proxy.unknownCheckingProxy(props))).to.deep.equal([]);
    });

    describe("on the real stacks", function () {
        const stacks = realStacks(this);

        for (const stack of ["dev", "prod"] as const) {
            it(`${stack}: every value the table covers is one AWS accepts`, () => {
                const problems = stacks[stack].flatMap((r) => constraintProblems(r.type, unwrapSecrets(r.props))
                    .map((p) => `${r.type} ${r.name} ${p.where}: ${p.problem}`));
                expect(problems).to.deep.equal([]);
            });

            it(`${stack}: every name-like input of every AWS resource type is in the table`, () => {
                const missing = [...new Set(stacks[stack].filter((r) => r.type.startsWith("aws:")).flatMap(uncovered))];
                expect(missing).to.deep.equal([]);
            });
        }

        it("checks the values that matter in both stacks (the table is not vacuous)", () => {
            const checked = (type: string, path: string) => stacks.prod.filter((r) => r.type === type).flatMap((r) => valuesAt(unwrapSecrets(r.props), path));
            expect(checked("aws:wafv2/webAcl:WebAcl", "description")).to.have.length(2);
            expect(checked("aws:wafv2/webAcl:WebAcl", "rules[].name").length).to.be.above(5);
            expect(checked("aws:lambda/function:Function", "name").length).to.be.above(5);
            expect(checked("aws:cognito/userPoolDomain:UserPoolDomain", "domain")).to.deep.equal([{ where: "domain", value: "portcullis-prod" }]);
        });

        it("would have caught the old regional web ACL description in the real stack", () => {
            const acl = stacks.prod.find((r) => r.type === "aws:wafv2/webAcl:WebAcl" && r.name === "edge-regional-acl");
            const props = { ...(unwrapSecrets(acl?.props) as object), description: "Admits only requests that came through CloudFront (origin-verify header)." };
            expect(constraintProblems("aws:wafv2/webAcl:WebAcl", props).map((p) => p.where)).to.deep.equal(["description"]);
        });

        it("finds an uncovered input when a resource type the table does not know appears", () => {
            expect(uncovered({ type: "aws:sqs/queue:Queue", name: "q", props: { name: "orders", tags: {} } })).to.deep.equal(["aws:sqs/queue:Queue name"]);
        });
    });
});
