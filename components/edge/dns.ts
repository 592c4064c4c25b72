import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import type { EdgeScope } from "./settings";

/** A DNS record an operator creates by hand: `name` `type` `target`. */
export interface DnsRecord {
    name: string;
    type: "CNAME";
    target: string;
}

/**
 * The custom domain's DNS: Route 53 alias records when `edge.domain.hostedZoneId` is set; otherwise the record
 * an operator creates by hand (returned), or nothing without a domain.
 */
export function domainRecords(scope: EdgeScope, distribution: aws.cloudfront.Distribution): pulumi.Output<DnsRecord> | undefined {
    const { name, child } = scope;
    const domain = scope.config.edge.domain;
    if (domain === undefined) return undefined;
    if (domain.hostedZoneId === undefined) {
        // A CNAME works in any DNS service for a subdomain; in Route 53 prefer A/AAAA alias records.
        return distribution.domainName.apply((target): DnsRecord => ({ name: domain.name, type: "CNAME", target }));
    }
    // Alias records cost nothing per query and follow the distribution's addresses; AAAA because the
    // distribution serves IPv6. CloudFront aliases never evaluate target health.
    for (const type of ["A", "AAAA"] as const) {
        new aws.route53.Record(`${name}-dns-${type.toLowerCase()}`, {
            zoneId: domain.hostedZoneId,
            name: domain.name,
            type,
            aliases: [{ name: distribution.domainName, zoneId: distribution.hostedZoneId, evaluateTargetHealth: false }],
        }, child);
    }
    return undefined;
}
