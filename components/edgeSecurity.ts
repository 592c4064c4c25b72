import type * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { StackConfig, StackSecrets } from "../config";
import { DeveloperPortal } from "./developerPortal";
import { createDistribution } from "./edge/distribution";
import { type DnsRecord, domainRecords } from "./edge/dns";
import type { EdgeScope } from "./edge/settings";
import { createOriginVerify, createUrlSigning } from "./edge/secrets";
import { protectDistribution } from "./edge/shield";
import { createWebAcls } from "./edge/webAcls";
import type { DataRefs, EdgeRefs, LogGroups } from "./types";
import { executeApiHost } from "./wafRules";

export type { DnsRecord };

export interface EdgeSecurityArgs {
    /** The validated stack config; `edge` and `gateway.corsOrigins` shape everything here. Required. */
    config: StackConfig;
    /** The URL-signing key pair; when `signingKey` is unset the component generates one. Required (may be `{}`). */
    secrets: StackSecrets;
    /**
     * Provider for us-east-1 (components/edgeRegion.ts): the CLOUDFRONT-scope web ACL, its logging, the access
     * log delivery and the Shield protection exist only there. Required.
     */
    edgeProvider: aws.Provider;
    /** REST API the distribution fronts (its execute-api host is the default origin). Required. */
    restApiId: pulumi.Input<string>;
    /** The Cognito web client the portal's try-it console signs in with. Default: none (the console says so). */
    webClientId?: pulumi.Input<string>;
    /** Stage the REGIONAL web ACL guards; `aws.apigateway.Stage.arn`. Required. */
    stageArn: pulumi.Input<string>;
    /** Buckets behind the distribution, the logs bucket, and the KMS key that encrypts the secrets. Required. */
    data: DataRefs;
    /** `wafEdge` must be a log group in us-east-1 (WAF logs where its CLOUDFRONT ACL lives). Required. */
    logGroups: LogGroups;
}

/**
 * The edge in front of the API: a CloudFront distribution with a CLOUDFRONT-scope WAF (managed rule groups,
 * per-IP rate limit, body size limit), security and CORS response headers, signed URLs for receipts, the
 * portal at `/docs`, Route 53 alias records for the custom domain when its hosted zone is configured, and a
 * REGIONAL WAF on the stage that refuses every request without CloudFront's origin-verify secret, so nobody can
 * bypass the edge by calling execute-api directly, except SigV4-signed calls to the internal routes
 * (see `regionalAclRules`): those are signed for the execute-api host and can only be made there.
 *
 * Shield Advanced (`config.edge.shieldAdvanced`) costs USD 3,000 per month per organization with a one-year
 * commitment, plus Shield data transfer out fees; enable it only where that is budgeted (prod). This component
 * only protects the distribution: the account's subscription comes first, from the bootstrap program, and config
 * validation refuses `shieldAdvanced` unless `edge.shieldSubscribed` states it exists.
 */
export class EdgeSecurity extends pulumi.ComponentResource {
    /** What the functions need: base URL, signing key pair id, and the secret holding the private key PEM. */
    public readonly refs: pulumi.Output<EdgeRefs>;
    public readonly distribution: aws.cloudfront.Distribution;
    /** CLOUDFRONT-scope web ACL (us-east-1) on the distribution. */
    public readonly edgeWebAcl: aws.wafv2.WebAcl;
    /** REGIONAL web ACL on the stage: blocks requests without the origin-verify header. */
    public readonly regionalWebAcl: aws.wafv2.WebAcl;
    /** Secrets Manager secret holding the origin-verify header value. */
    public readonly originVerifySecret: aws.secretsmanager.Secret;
    /** The developer portal, served at `/docs`. */
    public readonly portal: DeveloperPortal;
    /**
     * `https://<api id>.execute-api.<region>.amazonaws.com/<stage>`: where AWS-side callers send SigV4-signed
     * requests to the internal routes, signed for this host and the path with the stage (the regional ACL admits
     * exactly those without the origin-verify header; through CloudFront the signature could not match).
     */
    public readonly internalApiUrl: pulumi.Output<string>;
    /**
     * The DNS record to create by hand for the custom domain when no Route 53 hosted zone is configured
     * (`edge.domain.hostedZoneId`); undefined when the stack creates the alias records itself or has no domain.
     */
    public readonly dnsRecordToCreate: pulumi.Output<DnsRecord> | undefined;

    constructor(name: string, args: EdgeSecurityArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("portcullis:edge:EdgeSecurity", name, {}, opts);
        const { config, data } = args;
        const scope: EdgeScope = { name, config, child: { parent: this }, global: { parent: this, provider: args.edgeProvider } };

        const originVerify = createOriginVerify(scope, data.dataKeyArn);
        this.originVerifySecret = originVerify.secret;
        const acls = createWebAcls(scope, { originVerify: originVerify.value, stageArn: args.stageArn, logGroups: args.logGroups });
        this.regionalWebAcl = acls.regional;
        this.edgeWebAcl = acls.edge;
        const signing = createUrlSigning(scope, args.secrets.signingKey, data.dataKeyArn);
        this.distribution = createDistribution(scope, {
            restApiId: args.restApiId,
            webAclArn: acls.edge.arn,
            originVerify: originVerify.value,
            keyGroupId: signing.keyGroup.id,
            data,
        });
        protectDistribution(scope, this.distribution);
        this.dnsRecordToCreate = domainRecords(scope, this.distribution);
        this.internalApiUrl = pulumi.output(args.restApiId).apply((id) => `https://${executeApiHost(id, config.region)}/${config.gateway.stageName}`);

        const domain = config.edge.domain;
        this.refs = pulumi.all([this.distribution.domainName, signing.publicKey.id, signing.secret.arn]).apply(([domainName, keyPairId, signingSecretArn]) => ({
            baseUrl: `https://${domain === undefined ? domainName : domain.name}`,
            keyPairId,
            signingSecretArn,
        }));
        this.portal = new DeveloperPortal(`${name}-portal`, {
            config,
            bucket: data.assets.bucket,
            baseUrl: this.refs.apply((r) => r.baseUrl),
            webClientId: args.webClientId,
        }, { parent: this });
        this.registerOutputs({
            refs: this.refs,
            portalKeys: this.portal.keys,
            distributionArn: this.distribution.arn,
            edgeWebAclArn: this.edgeWebAcl.arn,
            regionalWebAclArn: this.regionalWebAcl.arn,
            internalApiUrl: this.internalApiUrl,
            dnsRecordToCreate: this.dnsRecordToCreate,
        });
    }
}
