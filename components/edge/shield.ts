import * as aws from "@pulumi/aws";
import type { EdgeScope } from "./settings";

/**
 * Shield Advanced protection of the distribution, when `edge.shieldAdvanced` is on (USD 3,000 per month per
 * organization with a one-year commitment; the subscription itself comes from the bootstrap program).
 */
export function protectDistribution(scope: EdgeScope, distribution: aws.cloudfront.Distribution): aws.shield.Protection | undefined {
    const { name, config, global } = scope;
    if (!config.edge.shieldAdvanced) return undefined;
    // No health-check association: it needs a Route 53 health check and alarm of its own; Shield's response
    // team works without it.
    return new aws.shield.Protection(`${name}-shield`, { name: `${config.prefix}-distribution`, resourceArn: distribution.arn }, global);
}
