/**
 * The corpus: small Pulumi programs in the style of public examples, written for the policy tests, each a real
 * project folder (`programs/<name>`: Pulumi.yaml, index.ts, one stack file). They are evaluated under the same
 * mocks as our own stacks and run through the offline engine with no policy config: no Portcullis opt-in.
 */
import * as path from "path";
import { evaluatePolicies, OfflineResource, Violation } from "../../../policies/offline";
import { toOfflineResources } from "../../../policies/offline/stack";
import { evaluateStack } from "../../../harness/evaluate";

/** One corpus program: its folder name and the stack its stack file is for. */
export interface CorpusProgram {
    name: string;
    stack: string;
}

/** The programs, in the order the issue names them. */
export const PROGRAMS: readonly CorpusProgram[] = [
    { name: "static-site", stack: "dev" },
    { name: "rest-api", stack: "dev" },
    { name: "http-api", stack: "dev" },
    { name: "fargate-rds", stack: "prod" },
    { name: "step-functions", stack: "dev" },
    { name: "assorted", stack: "dev" },
];

/** The folder of a corpus program. */
export const programRoot = (name: string) => path.join(__dirname, "programs", name);

/** The program's resources, as the offline engine takes them; `overrides` replace values of its stack file. */
export async function corpusResources(program: CorpusProgram, overrides: Record<string, string> = {}): Promise<OfflineResource[]> {
    const evaluated = await evaluateStack(program.stack, overrides, { root: programRoot(program.name), project: `corpus-${program.name}` });
    return toOfflineResources(evaluated.resources, evaluated.config);
}

/** The program's violations under our pack, without policy config. */
export async function corpusViolations(program: CorpusProgram): Promise<Violation[]> {
    return evaluatePolicies(await corpusResources(program), { stack: program.stack, project: `corpus-${program.name}` });
}

/** A violation as the corpus test compares it: `<rule id> <resource name>`, sorted. */
export function summarize(violations: Violation[]): string[] {
    return violations.map((v) => `${v.policyName} ${v.resourceName ?? "(stack)"}`).sort();
}

/**
 * The holes of each program: every violation the pack must report, `<rule id> <resource name>`, sorted, and
 * nothing else (the corpus test asserts exactly this list).
 */
export const KNOWN_HOLES: Readonly<Record<string, string[]>> = {
    // No geo restriction is not a hole (cloudfront-distribution-configure-geo-restriction is a Portcullis
    // convention); the CLOUDFRONT-scope ACL on the default provider of this us-east-1 stack is in us-east-1.
    "static-site": [
        "cloudfront-distribution-enforce-viewer-tls cdn",
        "cloudfront-distribution-missing-access-logs cdn",
        "s3-bucket-missing-public-access-block legacy-site",
        "s3-bucket-policy-disallow-public-principal legacy-site-policy",
    ],
    // Not holes: the supported Python runtime, and an API without Portcullis's tiers (conventions, not opted in).
    "rest-api": [
        "apigateway-restapi-missing-authorization orders-api",
        "apigateway-stage-missing-waf prod",
        "iam-principal-disallow-broad-managed-policies importer-dynamodb",
        "lambda-permission-enforce-source-arn importer-partner",
    ],
    "http-api": [
        "apigatewayv2-api-disallow-quick-create webhooks",
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
    // Not a hole: the supported Python 3.13 runtime of validate; charge's nodejs18.x is deprecated.
    "step-functions": [
        "iam-policy-disallow-wildcard-actions operators-states",
        "iam-policy-disallow-wildcard-resource-for-writes operators-states",
        "lambda-function-enforce-current-runtime charge",
        "sns-topic-enforce-encryption failures",
    ],
    // One rule per admin user: alice's AWS managed AdministratorAccess is the broad-managed-policy rule's, bob's
    // attachment of the stack's own `*` on `*` policy the IAM user rule's (the wildcard rules report the policy),
    // carol's inline `*` on `*` the wildcard rules' (as on any policy document: `*` actions, and writes on `*`).
    "assorted": [
        "ecr-repository-policy-disallow-public-principal images-policy",
        "iam-policy-disallow-wildcard-actions break-glass",
        "iam-policy-disallow-wildcard-actions carol-everything",
        "iam-policy-disallow-wildcard-resource-for-writes break-glass",
        "iam-policy-disallow-wildcard-resource-for-writes carol-everything",
        "iam-principal-disallow-broad-managed-policies alice-admin",
        "iam-user-disallow-admin-policies break-glass-users",
        "kinesis-stream-enforce-encryption raw",
        "sns-topic-enforce-encryption audit",
        "sns-topic-policy-disallow-public-principal audit-policy",
        "sqs-queue-enforce-encryption legacy",
        "sqs-queue-policy-disallow-public-principal legacy-policy",
    ],
};
