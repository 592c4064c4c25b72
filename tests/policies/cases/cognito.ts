import * as rules from "../../../policies/rules/cognito";
import { change } from "../fixtures";
import { RuleCase } from "../harness";

/** Cases of the Cognito rules. */
export const COGNITO_CASES: RuleCase[] = [
    { rule: rules.cognitoUserpoolConfigurePasswordPolicy, variants: [{
        change: "passwords need no symbols",
        resources: (s) => change(s, "users", (p) => ({ ...p, passwordPolicy: { ...p["passwordPolicy"] as object, requireSymbols: false } })),
        messages: ["Cognito user pool 'users' has a weak `passwordPolicy` (minimumLength 14, temporary passwords 3 days, missing requireSymbols). Set `minimumLength` >= 12, `temporaryPasswordValidityDays` <= 7 and all four `require*` flags."],
    }, {
        change: "the password policy is absent (AWS defaults)",
        resources: (s) => change(s, "users", { passwordPolicy: undefined }),
        messages: ["Cognito user pool 'users' has a weak `passwordPolicy` (minimumLength 8, temporary passwords 7 days, missing requireLowercase, requireUppercase, requireNumbers, requireSymbols). Set `minimumLength` >= 12, `temporaryPasswordValidityDays` <= 7 and all four `require*` flags."],
    }] },
    { rule: rules.cognitoUserpoolEnforceMfa, variants: [{
        change: "MFA is optional in prod",
        resources: (s) => change(s, "users", { mfaConfiguration: "OPTIONAL" }),
        messages: ["Cognito user pool 'users' has `mfaConfiguration` OPTIONAL in a production stack. Set `mfaConfiguration: \"ON\"` with `softwareTokenMfaConfiguration: { enabled: true }`."],
    }, {
        change: "MFA is off in dev",
        stack: "dev",
        resources: (s) => change(s, "users", { mfaConfiguration: "OFF" }),
        messages: ["Cognito user pool 'users' has `mfaConfiguration` OFF. Set `mfaConfiguration: \"ON\" or \"OPTIONAL\"` with `softwareTokenMfaConfiguration: { enabled: true }`."],
    }, {
        change: "TOTP is not enabled",
        resources: (s) => change(s, "users", { softwareTokenMfaConfiguration: undefined }),
        messages: ["Cognito user pool 'users' has MFA without `softwareTokenMfaConfiguration.enabled`. Set `softwareTokenMfaConfiguration: { enabled: true }` so users can use an authenticator app rather than SMS."],
    }] },
    { rule: rules.cognitoUserpoolEnableThreatProtection, variants: [{
        change: "threat protection only audits in prod",
        resources: (s) => change(s, "users", { userPoolAddOns: { advancedSecurityMode: "AUDIT" } }),
        messages: ["Cognito user pool 'users' has `userPoolAddOns.advancedSecurityMode` AUDIT in a production stack. Set `userPoolAddOns: { advancedSecurityMode: \"ENFORCED\" }` (user pool tier PLUS)."],
    }] },
    { rule: rules.cognitoUserpoolEnableDeletionProtection, variants: [{
        change: "deletion protection is inactive in prod",
        resources: (s) => change(s, "users", { deletionProtection: "INACTIVE" }),
        messages: ["Cognito user pool 'users' has `deletionProtection` INACTIVE in a production stack. Set `deletionProtection: \"ACTIVE\"` on the user pool."],
    }] },
    { rule: rules.cognitoIdentitypoolDisallowUnauthenticated, variants: [{
        change: "unauthenticated identities are allowed",
        resources: (s) => change(s, "identities", { allowUnauthenticatedIdentities: true }),
        messages: ["Cognito identity pool 'identities' has `allowUnauthenticatedIdentities` true. Set `allowUnauthenticatedIdentities: false`."],
    }] },
    { rule: rules.cognitoIdentitypoolDisallowClassicFlow, variants: [{
        change: "the classic flow is allowed",
        resources: (s) => change(s, "identities", { allowClassicFlow: true }),
        messages: ["Cognito identity pool 'identities' has `allowClassicFlow` true. Set `allowClassicFlow: false` and use the enhanced flow with role mappings."],
    }] },
];
