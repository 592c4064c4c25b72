/**
 * Load balancer listener rules (AWSGuard elb-*, cdk-nag ELB2a, checkov CKV_AWS_2/103). `aws.lb` and its alias
 * `aws.alb` register different types, so the rule reads both.
 */
import * as aws from "@pulumi/aws";
import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { refersTo } from "../lib/links";
import { asArray, asRecord, known } from "../lib/values";

/** True for a listener type of either module. */
const isListener = (r: PolicyResource) => r.isType(aws.lb.Listener) || r.isType(aws.alb.Listener);

/**
 * The listener's protocol: its own, or when it sets none the default of its load balancer's type (HTTP for an
 * application load balancer, TCP for a network one); undefined when neither is known.
 */
function protocolOf(listener: PolicyResource, resources: PolicyResource[]): string | undefined {
    const own = known(listener.props, "protocol");
    if (typeof own === "string" && own !== "") {
        return own.toUpperCase();
    }
    const balancer = resources.find((r) => (r.isType(aws.lb.LoadBalancer) || r.isType(aws.alb.LoadBalancer))
        && refersTo(listener, "loadBalancerArn", r, ["arn", "id"]));
    if (!balancer) {
        return undefined;
    }
    return (known(balancer.props, "loadBalancerType") ?? "application") === "application" ? "HTTP" : "TCP";
}

/** A redirect to HTTPS or a fixed response sends nothing of the application over plain HTTP. */
function keepsTrafficOffHttp(action: unknown): boolean {
    const a = asRecord(action);
    return (a["type"] === "redirect" && String(asRecord(a["redirect"])["protocol"]).toUpperCase() === "HTTPS") || a["type"] === "fixed-response";
}

/** Plain HTTP exposes cookies, tokens and data to anyone on the path. */
export const lbListenerEnforceHttpsRedirect: StackValidationPolicy = {
    name: "lb-listener-enforce-https-redirect",
    description: "Load balancer listeners on plain HTTP must only redirect to HTTPS (or answer with a fixed response).",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Make the HTTP listener's only default action a redirect to HTTPS (port 443) and serve the application from an HTTPS listener.",
    validateStack: (args, reportViolation) => {
        for (const listener of args.resources.filter(isListener)) {
            const actions = asArray(known(listener.props, "defaultActions"));
            if (protocolOf(listener, args.resources) === "HTTP" && !actions.every(keepsTrafficOffHttp)) {
                reportViolation(`Load balancer listener '${listener.name}' serves plain HTTP (\`protocol\` HTTP) without redirecting to HTTPS. `
                    + "Set `defaultActions: [{ type: \"redirect\", redirect: { protocol: \"HTTPS\", port: \"443\", statusCode: \"HTTP_301\" } }]` "
                    + "and serve the application from an HTTPS listener.", listener.urn);
            }
        }
    },
};
