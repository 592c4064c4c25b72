/**
 * Security group rules (AWSGuard ec2-*, cdk-nag EC23, checkov CKV_AWS_24/25/260/277). Inline `ingress` blocks,
 * `aws.ec2.SecurityGroupRule` and `aws.vpc.SecurityGroupIngressRule` all open the same doors, so one rule reads all three.
 */
import * as aws from "@pulumi/aws";
import { ReportViolation, ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { configOf } from "../lib/config";
import { asArray, asRecord, asStrings } from "../lib/values";

/** Web ports are meant for the world; every other port open to it invites scanning and brute force. */
const OPEN_INGRESS_DEFAULTS = Object.freeze({ allowedPorts: [80, 443] });

/** The CIDR ranges meaning "anywhere". */
const ANYWHERE = ["0.0.0.0/0", "::/0"];

/** ICMP carries types and codes in the port fields; ping from anywhere is not a door. */
const ICMP = ["icmp", "icmpv6", "1", "58"];

/** One ingress permission, whichever resource declared it. */
interface Ingress {
    protocol: string;
    fromPort: number;
    toPort: number;
    sources: string[];
}

/**
 * The ports of the permission that are neither allowed nor ICMP, as text for the message ("all ports",
 * "tcp port 22", "tcp ports 0-65535"); undefined when the permission opens only allowed ports.
 */
function forbiddenPorts(ingress: Ingress, allowedPorts: number[]): string | undefined {
    const protocol = ingress.protocol.toLowerCase();
    if (ICMP.includes(protocol)) {
        return undefined;
    }
    if (protocol === "-1" || protocol === "all") {
        return "all ports";
    }
    const { fromPort, toPort } = ingress;
    const onlyAllowed = fromPort === toPort ? allowedPorts.includes(fromPort)
        : allowedPorts.filter((p) => p >= fromPort && p <= toPort).length === toPort - fromPort + 1;
    if (onlyAllowed) {
        return undefined;
    }
    return fromPort === toPort ? `${protocol} port ${fromPort}` : `${protocol} ports ${fromPort}-${toPort}`;
}

/** Reports the permission when it admits anywhere on a port that is not allowed. */
function check(ingress: Ingress, where: string, allowedPorts: number[], reportViolation: ReportViolation): void {
    const open = ingress.sources.filter((s) => ANYWHERE.includes(s));
    const ports = open.length > 0 ? forbiddenPorts(ingress, allowedPorts) : undefined;
    if (ports !== undefined) {
        reportViolation(`${where} allows ingress from ${open.join(" and ")} on ${ports}. `
            + `Restrict the source to known networks or security groups; only ports ${allowedPorts.join(", ")} may be open to anywhere.`);
    }
}

/** A port number given as a number or a numeric string; `fallback` when missing (the vpc rules omit them for all traffic). */
const port = (value: unknown, fallback: number) => (value === undefined || value === null ? fallback : Number(value));

/** SSH, RDP, databases and admin consoles open to the internet are the commonest way into an account. */
export const ec2SecurityGroupDisallowOpenIngress: ResourceValidationPolicy = {
    name: "ec2-security-group-disallow-open-ingress",
    description: "Security groups must not admit 0.0.0.0/0 or ::/0 on ports other than 80 and 443.",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps: "Restrict the ingress source to known networks or security groups, or list the port in `allowedPorts` if it must face the internet.",
    configSchema: {
        properties: {
            allowedPorts: { type: "array", items: { type: "integer" }, default: OPEN_INGRESS_DEFAULTS.allowedPorts,
                description: "Ports that may be open to anywhere." },
        },
    },
    validateResource: [
        validateResourceOfType(aws.ec2.SecurityGroup, (group, args, reportViolation) => {
            const { allowedPorts } = configOf(args, OPEN_INGRESS_DEFAULTS);
            asArray(group.ingress).forEach((raw, i) => {
                const rule = asRecord(raw);
                check({ protocol: String(rule["protocol"]), fromPort: port(rule["fromPort"], 0), toPort: port(rule["toPort"], 65535),
                    sources: [...asStrings(rule["cidrBlocks"]), ...asStrings(rule["ipv6CidrBlocks"])] },
                `Security group '${args.name}' (\`ingress[${i}]\`)`, allowedPorts, reportViolation);
            });
        }),
        validateResourceOfType(aws.ec2.SecurityGroupRule, (rule, args, reportViolation) => {
            if (rule.type === "ingress") {
                check({ protocol: String(rule.protocol), fromPort: port(rule.fromPort, 0), toPort: port(rule.toPort, 65535),
                    sources: [...asStrings(rule.cidrBlocks), ...asStrings(rule.ipv6CidrBlocks)] },
                `Security group rule '${args.name}'`, configOf(args, OPEN_INGRESS_DEFAULTS).allowedPorts, reportViolation);
            }
        }),
        validateResourceOfType(aws.vpc.SecurityGroupIngressRule, (rule, args, reportViolation) => {
            check({ protocol: String(rule.ipProtocol), fromPort: port(rule.fromPort, 0), toPort: port(rule.toPort, 65535),
                sources: [...asStrings(rule.cidrIpv4), ...asStrings(rule.cidrIpv6)] },
            `Security group ingress rule '${args.name}'`, configOf(args, OPEN_INGRESS_DEFAULTS).allowedPorts, reportViolation);
        }),
    ],
};
