import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { BootstrapConfig } from "./config";
import { ROLE_NAMES, apiGatewayLogsPolicy, apiGatewayTrust } from "./documents";

/** Arguments of {@link AccountSettings}. */
export interface AccountSettingsArgs {
    /** The validated bootstrap config: `manageAccountCloudWatchRole`, `shieldAdvancedSubscription`, `shieldAutoRenew`. */
    config: BootstrapConfig;
    /** The account id the CloudWatch role's permissions are scoped to. */
    account: pulumi.Input<string>;
}

/**
 * Settings AWS keeps once per account (and region), which no stack may own because two stacks would overwrite
 * each other: API Gateway's CloudWatch role (`aws.apigateway.Account`, per region) and the Shield Advanced
 * subscription (per account, a one-year commitment).
 */
export class AccountSettings extends pulumi.ComponentResource {
    /** The role API Gateway logs through in this region, when the bootstrap manages it. */
    public readonly apiGatewayCloudWatchRoleArn?: pulumi.Output<string>;
    /** True when this program holds the Shield Advanced subscription. */
    public readonly shieldSubscribed: boolean;

    constructor(name: string, args: AccountSettingsArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("portcullis:bootstrap:AccountSettings", name, {}, opts);
        const { config, account } = args;
        const child = { parent: this };

        if (config.manageAccountCloudWatchRole) {
            const role = new aws.iam.Role(`${name}-apigateway-cloudwatch`, {
                name: ROLE_NAMES.apiGatewayCloudWatch,
                description: "API Gateway's account-wide role for execution and access logs (this region).",
                assumeRolePolicy: JSON.stringify(apiGatewayTrust()),
            }, child);
            const policy = new aws.iam.RolePolicy(`${name}-apigateway-cloudwatch`, {
                role: role.id,
                policy: pulumi.output(account).apply((a) => JSON.stringify(apiGatewayLogsPolicy({ account: a, region: config.region }))),
            }, child);
            // API Gateway checks the role when the setting is saved: the policy must be in place first.
            new aws.apigateway.Account(`${name}-apigateway`, { cloudwatchRoleArn: role.arn }, { ...child, dependsOn: [policy] });
            this.apiGatewayCloudWatchRoleArn = role.arn;
        }

        this.shieldSubscribed = config.shieldAdvancedSubscription;
        if (config.shieldAdvancedSubscription) {
            // USD 3,000 per month for a year. Protected, and destroying it leaves renewal as it is (skipDestroy):
            // AWS only lets renewal be turned off in the subscription's last 30 days, so a destroy cannot cancel it.
            new aws.shield.Subscription(`${name}-shield`, { autoRenew: config.shieldAutoRenew, skipDestroy: true }, { ...child, protect: true });
        }

        this.registerOutputs({ apiGatewayCloudWatchRoleArn: this.apiGatewayCloudWatchRoleArn, shieldSubscribed: this.shieldSubscribed });
    }
}
