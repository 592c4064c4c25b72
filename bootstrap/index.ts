/**
 * The bootstrap program: run once per AWS account (and region) by an administrator, before the main program's
 * first deploy. It reads and validates its config, then composes the CI access and the account-level settings.
 * See the README's runbook.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AccountSettings } from "./accountSettings";
import { BOOTSTRAP_KEYS, NAMESPACE, configValue, parseBootstrapConfig } from "./config";
import { GithubCiAccess } from "./githubCiAccess";

// Every key is validated before the first resource: a bad repository or stage name fails here, naming the key.
const settings = new pulumi.Config(NAMESPACE);
const config = parseBootstrapConfig({
    "aws:region": new pulumi.Config("aws").get("region"),
    ...Object.fromEntries(BOOTSTRAP_KEYS.map((key) => [key, configValue(settings.get(key))])),
});

const account = aws.getCallerIdentityOutput().accountId;
const ci = new GithubCiAccess("ci", { config, account });
const settingsOfAccount = new AccountSettings("account", { config, account });

/** Repository variable AWS_PREVIEW_ROLE_ARN. */
export const previewRoleArn = ci.previewRoleArn;
/** Per stage: the variable AWS_DEPLOY_ROLE_ARN of that stage's GitHub environment. */
export const deployRoleArns = ci.deployRoleArns;
export const oidcProviderArn = ci.providerArn;
export const apiGatewayCloudWatchRoleArn = settingsOfAccount.apiGatewayCloudWatchRoleArn;
export const shieldSubscribed = settingsOfAccount.shieldSubscribed;
