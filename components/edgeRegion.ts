import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/**
 * CloudFront's home region: CLOUDFRONT-scope web ACLs, their logs and metrics, vended CloudFront access logs and
 * Shield Advanced protections exist only here, whatever the stack's region.
 */
export const EDGE_REGION = "us-east-1";

/**
 * The one provider for {@link EDGE_REGION}, made once in index.ts and passed to the components that need it.
 *
 * Before, EdgeSecurity and Observability each made one as their child. The alias keeps EdgeSecurity's (the one
 * the web ACL, log delivery and Shield protection were created with) as this provider; Observability's resources
 * move over to it, which the engine treats as a plain provider rename (same config, no replacement).
 */
export function edgeRegionProvider(): aws.Provider {
    return new aws.Provider(EDGE_REGION, { region: EDGE_REGION }, {
        aliases: [{ name: `edge-${EDGE_REGION}`, parent: pulumi.createUrn("edge", "portcullis:edge:EdgeSecurity") }],
    });
}
