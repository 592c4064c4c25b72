/**
 * Stack rules where one resource is not enough: tiers need usage plans on every REST API, the origin-verify
 * header must be both sent by CloudFront and enforced by the stage's ACL, and production data must be protected
 * from `pulumi destroy` as well as from the service's own delete.
 */
import * as aws from "@pulumi/aws";
import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { ORIGIN_VERIFY_DEFAULTS, ORIGIN_VERIFY_SCHEMA, isApiOrigin, originsOf } from "../lib/cloudfront";
import { PRODUCTION_DEFAULTS, configOf, isProduction } from "../lib/config";
import { convention } from "../lib/conventions";
import { matchesAny, refersTo } from "../lib/links";
import { TIER_DEFAULTS, TIER_SCHEMA, TIER_TAG } from "../lib/tiers";
import { asArray, asRecord, known } from "../lib/values";
import { blocksWithoutHeader } from "../lib/waf";

/** Resource types holding data that cannot be recreated. */
const STATEFUL_TYPES: Parameters<PolicyResource["isType"]>[0][] = [aws.dynamodb.Table, aws.rds.Cluster, aws.s3.Bucket, aws.cognito.UserPool, aws.kms.Key];

/** True when the usage plan lists the REST API in `apiStages`. */
function plansApi(plan: PolicyResource, api: PolicyResource): boolean {
    // The dependency first: during a first preview each `apiId` is unknown and reading it throws.
    if ((plan.propertyDependencies["apiStages"] ?? []).some((d) => d.urn === api.urn)) {
        return true;
    }
    const ids = asArray(known(plan.props, "apiStages")).map((s) => known(s, "apiId"));
    return matchesAny(ids, api, ["id"]);
}

/** Without a plan per tier, keys of that tier get no throttle or quota, or no access at all (a Portcullis convention). */
export const stackRestapiMissingTierUsagePlans: StackValidationPolicy = convention({
    name: "stack-restapi-missing-tier-usage-plans",
    description: "Every REST API must be in a usage plan for each tier (basic, premium, enterprise by default).",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Add an `aws.apigateway.UsagePlan` per missing tier, tagged `portcullis:tier`, listing the API's stage in `apiStages`.",
    configSchema: TIER_SCHEMA,
    validateStack: (args, reportViolation) => {
        const { tiers } = configOf(args, TIER_DEFAULTS);
        const plans = args.resources.filter((r) => r.isType(aws.apigateway.UsagePlan));
        for (const api of args.resources.filter((r) => r.isType(aws.apigateway.RestApi))) {
            const covered = plans.filter((p) => plansApi(p, api)).map((p) => asRecord(p.props["tags"])[TIER_TAG]);
            const missing = tiers.filter((t) => !covered.includes(t));
            if (missing.length > 0) {
                reportViolation(`REST API '${api.name}' has no usage plan for tier ${missing.join(", ")} (a plan tagged \`${TIER_TAG}\` listing the API in \`apiStages\`). `
                    + "Add an `aws.apigateway.UsagePlan` per missing tier with the API's stage in `apiStages`.", api.urn);
            }
        }
    },
});

/**
 * The header proves a request came through CloudFront (and its WAF); only the stage's ACL can enforce that. A
 * Portcullis convention, like the header that carries the proof.
 */
export const stackStageAclEnforceOriginVerify: StackValidationPolicy = convention({
    name: "stack-stage-acl-enforce-origin-verify",
    description: "When CloudFront fronts the API, the regional web ACL of every stage must block requests lacking the origin-verify header (`headerName`).",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps: "Add a block rule on a `notStatement` of a `byteMatchStatement` on the origin-verify header to the stage's REGIONAL web ACL.",
    configSchema: ORIGIN_VERIFY_SCHEMA,
    validateStack: (args, reportViolation) => {
        const { headerName } = configOf(args, ORIGIN_VERIFY_DEFAULTS);
        const fronted = args.resources.some((r) => r.isType(aws.cloudfront.Distribution)
            && originsOf(r.props).some(isApiOrigin));
        if (!fronted) {
            return;
        }
        const associations = args.resources.filter((r) => r.isType(aws.wafv2.WebAclAssociation));
        const acls = args.resources.filter((r) => r.isType(aws.wafv2.WebAcl));
        for (const stage of args.resources.filter((r) => r.isType(aws.apigateway.Stage))) {
            const stageAcls = associations.filter((a) => refersTo(a, "resourceArn", stage, ["arn"]))
                .flatMap((a) => acls.filter((acl) => refersTo(a, "webAclArn", acl, ["arn"])));
            if (!stageAcls.some((acl) => blocksWithoutHeader(acl.props, headerName))) {
                reportViolation(`API Gateway stage '${stage.name}' has no associated web ACL with a blocking rule on a missing \`${headerName}\` header (\`notStatement\` of a \`byteMatchStatement\` on \`singleHeader\`). `
                    + "Add that rule to the stage's REGIONAL web ACL so direct calls to execute-api are blocked.", stage.urn);
            }
        }
    },
});

/** `protect` stops `pulumi destroy` and accidental replacements from deleting production data. */
export const stackStatefulResourceEnforceProtect: StackValidationPolicy = {
    name: "stack-stateful-resource-enforce-protect",
    description: "Stateful resources (DynamoDB tables, RDS clusters, S3 buckets, Cognito user pools, KMS keys) in production stacks must set the `protect` resource option.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Pass `{ protect: true }` in the resource options of stateful resources in production.",
    configSchema: { properties: { productionStacks: { type: "array", items: { type: "string" }, default: PRODUCTION_DEFAULTS.productionStacks,
        description: "Names of the stacks that are production." } } },
    validateStack: (args, reportViolation) => {
        for (const r of args.resources.filter((x) => STATEFUL_TYPES.some((t) => x.isType(t)) && isProduction(args, x.urn))) {
            if (r.opts.protect !== true) {
                reportViolation(`Stateful resource '${r.name}' (${r.type}) has no \`protect\` resource option in a production stack. `
                    + "Pass `{ protect: true }` in the resource options.", r.urn);
            }
        }
    },
};
