/** Cognito user pool and identity pool rules (cdk-nag COG1/COG2/COG3/COG7, checkov CKV_AWS_366 and friends). */
import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { PRODUCTION_SCHEMA, configOf, isProduction } from "../lib/config";
import { asRecord } from "../lib/values";

/** Password policy defaults: NIST-style length with all character classes, short-lived temporary passwords. */
const PASSWORD_DEFAULTS = Object.freeze({ minimumLength: 12, maximumTemporaryPasswordDays: 7 });

/** Weak passwords are the first thing credential stuffing finds. */
export const cognitoUserpoolConfigurePasswordPolicy: ResourceValidationPolicy = {
    name: "cognito-userpool-configure-password-policy",
    description: "Cognito user pools must require long passwords with upper case, lower case, numbers and symbols.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Set `passwordPolicy` with `minimumLength` of at least the configured minimum, all four character classes and a short `temporaryPasswordValidityDays`.",
    configSchema: {
        properties: {
            minimumLength: { type: "integer", minimum: 8, default: PASSWORD_DEFAULTS.minimumLength, description: "Shortest accepted password." },
            maximumTemporaryPasswordDays: { type: "integer", minimum: 1, default: PASSWORD_DEFAULTS.maximumTemporaryPasswordDays,
                description: "Longest validity of an administrator-issued temporary password, in days." },
        },
    },
    validateResource: validateResourceOfType(aws.cognito.UserPool, (pool, args, reportViolation) => {
        const cfg = configOf(args, PASSWORD_DEFAULTS);
        const p = asRecord(pool.passwordPolicy);
        const length = typeof p["minimumLength"] === "number" ? p["minimumLength"] : 8;
        const days = typeof p["temporaryPasswordValidityDays"] === "number" ? p["temporaryPasswordValidityDays"] : 7;
        const classes = ["requireLowercase", "requireUppercase", "requireNumbers", "requireSymbols"].filter((k) => p[k] !== true);
        if (length < cfg.minimumLength || days > cfg.maximumTemporaryPasswordDays || classes.length > 0) {
            reportViolation(`Cognito user pool '${args.name}' has a weak \`passwordPolicy\` (minimumLength ${length}, temporary passwords ${days} days${classes.length ? `, missing ${classes.join(", ")}` : ""}). `
                + `Set \`minimumLength\` >= ${cfg.minimumLength}, \`temporaryPasswordValidityDays\` <= ${cfg.maximumTemporaryPasswordDays} and all four \`require*\` flags.`);
        }
    }),
};

/** MFA stops account takeover with a stolen password; in production every account must use it. */
export const cognitoUserpoolEnforceMfa: ResourceValidationPolicy = {
    name: "cognito-userpool-enforce-mfa",
    description: "Cognito user pools must offer TOTP MFA, and require it in production stacks.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Enable `softwareTokenMfaConfiguration` and set `mfaConfiguration` to \"ON\" in production (\"OPTIONAL\" elsewhere).",
    configSchema: PRODUCTION_SCHEMA,
    validateResource: validateResourceOfType(aws.cognito.UserPool, (pool, args, reportViolation) => {
        const prod = isProduction(args, args.urn);
        const mode = pool.mfaConfiguration ?? "OFF";
        const totp = asRecord(pool.softwareTokenMfaConfiguration)["enabled"] === true;
        if (prod ? mode !== "ON" : mode === "OFF") {
            reportViolation(`Cognito user pool '${args.name}' has \`mfaConfiguration\` ${mode}${prod ? " in a production stack" : ""}. `
                + `Set \`mfaConfiguration: ${prod ? "\"ON\"" : "\"ON\" or \"OPTIONAL\""}\` with \`softwareTokenMfaConfiguration: { enabled: true }\`.`);
        } else if (!totp) {
            reportViolation(`Cognito user pool '${args.name}' has MFA without \`softwareTokenMfaConfiguration.enabled\`. `
                + "Set `softwareTokenMfaConfiguration: { enabled: true }` so users can use an authenticator app rather than SMS.");
        }
    }),
};

/** Threat protection blocks sign-ins with leaked credentials and risky sign-in patterns. */
export const cognitoUserpoolEnableThreatProtection: ResourceValidationPolicy = {
    name: "cognito-userpool-enable-threat-protection",
    description: "Cognito user pools in production stacks must enforce threat protection (advanced security).",
    enforcementLevel: "mandatory",
    severity: "medium",
    remediationSteps: "Set `userPoolAddOns.advancedSecurityMode: \"ENFORCED\"` (Plus tier) in production.",
    configSchema: PRODUCTION_SCHEMA,
    validateResource: validateResourceOfType(aws.cognito.UserPool, (pool, args, reportViolation) => {
        const mode = asRecord(pool.userPoolAddOns)["advancedSecurityMode"];
        if (isProduction(args, args.urn) && mode !== "ENFORCED") {
            reportViolation(`Cognito user pool '${args.name}' has \`userPoolAddOns.advancedSecurityMode\` ${String(mode ?? "unset")} in a production stack. `
                + "Set `userPoolAddOns: { advancedSecurityMode: \"ENFORCED\" }` (user pool tier PLUS).");
        }
    }),
};

/** Users and their credentials live in the pool; losing it locks every customer out. */
export const cognitoUserpoolEnableDeletionProtection: ResourceValidationPolicy = {
    name: "cognito-userpool-enable-deletion-protection",
    description: "Cognito user pools in production stacks must have deletion protection active.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Set `deletionProtection: \"ACTIVE\"` in production.",
    configSchema: PRODUCTION_SCHEMA,
    validateResource: validateResourceOfType(aws.cognito.UserPool, (pool, args, reportViolation) => {
        if (isProduction(args, args.urn) && pool.deletionProtection !== "ACTIVE") {
            reportViolation(`Cognito user pool '${args.name}' has \`deletionProtection\` ${String(pool.deletionProtection ?? "unset")} in a production stack. `
                + "Set `deletionProtection: \"ACTIVE\"` on the user pool.");
        }
    }),
};

/** Unauthenticated identities hand AWS credentials to anyone on the internet. */
export const cognitoIdentitypoolDisallowUnauthenticated: ResourceValidationPolicy = {
    name: "cognito-identitypool-disallow-unauthenticated",
    description: "Cognito identity pools must not allow unauthenticated identities.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Set `allowUnauthenticatedIdentities: false`.",
    validateResource: validateResourceOfType(aws.cognito.IdentityPool, (pool, args, reportViolation) => {
        if (pool.allowUnauthenticatedIdentities === true) {
            reportViolation(`Cognito identity pool '${args.name}' has \`allowUnauthenticatedIdentities\` true. `
                + "Set `allowUnauthenticatedIdentities: false`.");
        }
    }),
};

/** The classic (basic) flow lets a client assume any role the pool's roles allow, bypassing role mapping rules. */
export const cognitoIdentitypoolDisallowClassicFlow: ResourceValidationPolicy = {
    name: "cognito-identitypool-disallow-classic-flow",
    description: "Cognito identity pools must not allow the classic (basic) authentication flow.",
    enforcementLevel: "mandatory",
    severity: "medium",
    remediationSteps: "Set `allowClassicFlow: false`.",
    validateResource: validateResourceOfType(aws.cognito.IdentityPool, (pool, args, reportViolation) => {
        if (pool.allowClassicFlow === true) {
            reportViolation(`Cognito identity pool '${args.name}' has \`allowClassicFlow\` true. `
                + "Set `allowClassicFlow: false` and use the enhanced flow with role mappings.");
        }
    }),
};
