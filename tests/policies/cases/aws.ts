import * as awsResources from "../../../policies/rules/aws";
import { change } from "../fixtures";
import { RuleCase } from "../harness";

const RULE = "aws:wafv2/webAcl:WebAcl 'regional-acl'";
const WAF_DOC = "https://docs.aws.amazon.com/waf/latest/APIReference/API_CreateWebACL.html";

/** Cases of the AWS API constraints rule: each change is one value the service would refuse at `up`. */
export const AWS_CASES: RuleCase[] = [
    { rule: awsResources.awsResourceEnforceNameConstraints, variants: [{
        change: "the regional web ACL's description has parentheses (the value that once failed pulumi up)",
        resources: (s) => change(s, "regional-acl", { description: "Admits only requests that came through CloudFront (origin-verify header)." }),
        messages: [`${RULE} \`description\` "Admits only requests that came through CloudFront (origin..." does not match `
            + "^[\\w+=:#@/\\-,.][\\w+=:#@/\\-,.\\s]+[\\w+=:#@/\\-,.]$ (allowed: letters, digits, spaces and + = : # @ / - , . (no parentheses, quotes or apostrophes)). "
            + `Change the value to one the API accepts (${WAF_DOC}).`],
    }, {
        change: "a web ACL rule name has a space and a metric name is empty",
        resources: (s) => change(s, "regional-acl", (p) => {
            const rules = p["rules"] as { name: string; visibilityConfig: { metricName: string } }[];
            rules[0].name = "origin verify";
            rules[0].visibilityConfig.metricName = "";
            return p;
        }),
        messages: [
            `${RULE} \`rules[0].name\` "origin verify" does not match ^[\\w-]+$ (allowed: letters, digits, _ and -). Change the value to one the API accepts (https://docs.aws.amazon.com/waf/latest/APIReference/API_Rule.html).`,
            `${RULE} \`rules[0].visibilityConfig.metricName\` "" is 0 characters long; at least 1 are required. Change the value to one the API accepts (https://docs.aws.amazon.com/waf/latest/APIReference/API_VisibilityConfig.html).`,
        ],
    }, {
        change: "a function has a 257-character description and an environment variable starting with a digit",
        resources: (s) => change(s, "catalog-read", (p) => ({ ...p, description: "d".repeat(257),
            environment: { variables: { TABLE_NAME: "catalog", "1_TABLE": "x" } } })),
        messages: [
            `aws:lambda/function:Function 'catalog-read' \`description\` "${"d".repeat(57)}..." is 257 characters long; at most 256 are allowed. Change the value to one the API accepts (https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html).`,
            "aws:lambda/function:Function 'catalog-read' `environment.variables[\"1_TABLE\"] (key)` \"1_TABLE\" does not match ^[a-zA-Z][a-zA-Z0-9_]+$ (allowed: a letter, then letters, digits and _). Change the value to one the API accepts (https://docs.aws.amazon.com/lambda/latest/api/API_Environment.html).",
        ],
    }, {
        change: "a usage plan carries a tag key in the reserved aws: namespace",
        resources: (s) => change(s, "plan-basic", (p) => ({ ...p, tags: { ...(p["tags"] as object), "aws:owner": "platform" } })),
        messages: ["aws:apigateway/usagePlan:UsagePlan 'plan-basic' `tags[\"aws:owner\"] (key)` \"aws:owner\" starts with 'aws:', which AWS reserves. Change the value to one the API accepts (https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html#tag-conventions)."],
    }], passing: [{
        change: "a name is not known yet during preview (it is checked by the service at up)",
        resources: (s) => change(s, "regional-acl", { description: "04da6b54-80e4-46f7-96ec-b56ff0331ba9", name: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" }),
    }] },
];
