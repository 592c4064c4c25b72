/**
 * The pack over programs nobody here wrote for it: each corpus program has known holes and known fine
 * resources, and the test expects exactly the holes (rule id and resource), so a false positive fails it as
 * surely as a miss. No policy config is passed: the programs have no Portcullis opt-in.
 */
import { expect } from "chai";
import { PROGRAMS, corpusViolations, summarize } from "./corpus";

/** Every violation each program must get, `<rule id> <resource name>`, sorted; nothing else. */
const EXPECTED: Readonly<Record<string, string[]>> = {
    "static-site": [
        "cloudfront-distribution-configure-geo-restriction cdn",
        "cloudfront-distribution-enforce-viewer-tls cdn",
        "cloudfront-distribution-missing-access-logs cdn",
        "s3-bucket-missing-public-access-block legacy-site",
        "s3-bucket-policy-disallow-public-principal legacy-site-policy",
    ],
    // Not expected, and reported today by Portcullis conventions the pack applies to everyone: the Python
    // runtime (lambda-function-enforce-current-runtime orders), the API key source of tiered routes
    // (apigateway-restapi-enforce-api-key-on-tiered-routes orders-api) and the tier usage plans
    // (stack-restapi-missing-tier-usage-plans orders-api).
    "rest-api": [
        "apigateway-restapi-missing-authorization orders-api",
        "apigateway-stage-missing-waf prod",
        "iam-role-disallow-broad-managed-policies importer-dynamodb",
        "lambda-permission-enforce-source-arn importer-partner",
    ],
    "http-api": [
        "apigatewayv2-route-missing-authorization proxy",
        "apigatewayv2-stage-configure-default-throttling preview",
        "apigatewayv2-stage-missing-access-logs preview",
    ],
    "fargate-rds": [
        "ec2-security-group-disallow-open-ingress db-from-anywhere",
        "ec2-security-group-disallow-open-ingress ssh",
        "ecs-task-definition-disallow-secret-environment worker",
        "lb-listener-enforce-https-redirect admin",
        "rds-instance-configure-backup-retention reporting",
        "rds-instance-disallow-public-access reporting",
        "rds-instance-enable-deletion-protection reporting",
        "rds-instance-enforce-storage-encryption reporting",
    ],
    // Not expected, and reported today: the supported Python 3.13 runtime (lambda-function-enforce-current-runtime validate).
    "step-functions": [
        "iam-policy-disallow-wildcard-actions operators-states",
        "iam-policy-disallow-wildcard-resource-for-writes operators-states",
        "lambda-function-enforce-current-runtime charge",
        "sns-topic-enforce-encryption failures",
    ],
    "assorted": [
        "ecr-repository-policy-disallow-public-principal images-policy",
        "iam-policy-disallow-wildcard-actions break-glass",
        "iam-policy-disallow-wildcard-resource-for-writes break-glass",
        "iam-user-disallow-admin-policies alice-admin",
        "iam-user-disallow-admin-policies break-glass-users",
        "kinesis-stream-enforce-encryption raw",
        "sns-topic-enforce-encryption audit",
        "sns-topic-policy-disallow-public-principal audit-policy",
        "sqs-queue-enforce-encryption legacy",
        "sqs-queue-policy-disallow-public-principal legacy-policy",
    ],
};

describe("policy pack over the corpus of public-style programs", function () {
    // Each program is evaluated under mocks once; on two shared cores that takes a few seconds each.
    this.timeout(120_000);

    it("has an expectation for every program", () => {
        expect(Object.keys(EXPECTED)).to.deep.equal(PROGRAMS.map((p) => p.name));
    });

    for (const program of PROGRAMS) {
        it(`reports exactly the known holes of ${program.name}`, async () => {
            const violations = await corpusViolations(program);
            expect(summarize(violations)).to.deep.equal(EXPECTED[program.name]);
            expect(violations.filter((v) => v.enforcementLevel !== "mandatory").map((v) => v.message)).to.deep.equal([]);
        });
    }
});
