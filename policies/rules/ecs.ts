/** ECS task definition rules (cdk-nag ECS2, checkov CKV_AWS_97/CKV_SECRET_*). */
import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { asArray, asRecord, known, parseDocument } from "../lib/values";

/** Variable names that hold a secret: `DB_PASSWORD`, `API_KEY`, `JWT_SECRET`, `GITHUB_TOKEN`, ... */
const SECRET_NAME = /(PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIALS?)/i;

/**
 * Names that point at a secret or describe one instead of holding it: `DB_SECRET_ARN`, `TOKEN_URL`,
 * `SECRET_NAME`, `TOKEN_TTL`, `PASSWORD_MIN_LENGTH`, `API_KEY_HEADER`, ...
 */
const REFERENCE_NAME = /_(ARN|NAME|ID|PATH|FILE|URL|URI|ENDPOINT|PARAM|PARAMETER|REGION|TTL|LENGTH|EXPIRY|HEADER|POLICY|ENABLED)$/i;

/** Values that are credentials whatever the variable is called: an AWS access key id, a PEM private key. */
const SECRET_VALUE = /^(AKIA|ASIA)[A-Z0-9]{16}$|-----BEGIN [A-Z ]*PRIVATE KEY-----/;

/** The container definitions as objects: the input is a JSON string (or, from some programs, an array). */
function containersOf(definitions: unknown): Record<string, unknown>[] {
    const parsed = typeof definitions === "string" ? (() => { try { return JSON.parse(definitions) as unknown; } catch { return undefined; } })() : definitions;
    return asArray(parsed).map((c) => asRecord(parseDocument(c)));
}

/**
 * A secret in `environment` is stored in plain text in the task definition, shown by DescribeTaskDefinition to
 * anyone with read access, and kept in every revision; `secrets` injects it from Secrets Manager or SSM at start.
 */
export const ecsTaskDefinitionDisallowSecretEnvironment: ResourceValidationPolicy = {
    name: "ecs-task-definition-disallow-secret-environment",
    description: "ECS task definitions must pass passwords, keys and tokens through `secrets`, not plain `environment` variables.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Move each secret to the container's `secrets` with `valueFrom` a Secrets Manager secret or SSM parameter ARN.",
    validateResource: validateResourceOfType(aws.ecs.TaskDefinition, (task, args, reportViolation) => {
        // Definitions often embed image URIs of repositories not created yet: unknown during preview, checked at `up`.
        for (const container of containersOf(known(task, "containerDefinitions"))) {
            const names = asArray(container["environment"]).map(asRecord)
                .filter((v) => {
                    const name = String(v["name"] ?? "");
                    return (SECRET_NAME.test(name) && !REFERENCE_NAME.test(name)) || SECRET_VALUE.test(String(v["value"] ?? ""));
                })
                .map((v) => String(v["name"]));
            if (names.length > 0) {
                reportViolation(`ECS task definition '${args.name}' container '${String(container["name"])}' has ${names.join(", ")} in plain \`environment\`. `
                    + "Move each to `secrets: [{ name, valueFrom: <Secrets Manager or SSM parameter ARN> }]`.");
            }
        }
    }),
};
