/**
 * The baseline rules during `pulumi preview`, when values computed from resources not created yet are unknown:
 * a rule checking a value's content skips it (the real check runs at `up`) and a presence check counts it as set,
 * so neither reports a violation nor turns into a "can't run during preview" advisory.
 */
import * as aws from "@pulumi/aws";
import { expect } from "chai";
import { evaluatePolicies, OfflineResource } from "../../policies/offline";
import { typeOf } from "./fixtures";

/** The value the Pulumi engine sends for an unknown during preview. */
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

const resource = (cls: unknown, name: string, props: Record<string, unknown>): OfflineResource => ({ type: typeOf(cls), name, props });

describe("baseline rules during preview", () => {
    it("skip resource policies, container definitions and key references that are not known yet", () => {
        const resources = [
            resource(aws.sqs.QueuePolicy, "queue-policy", { queueUrl: UNKNOWN, policy: UNKNOWN }),
            resource(aws.sns.TopicPolicy, "topic-policy", { arn: UNKNOWN, policy: UNKNOWN }),
            resource(aws.s3.BucketPolicy, "bucket-policy", { bucket: UNKNOWN, policy: UNKNOWN }),
            resource(aws.ecr.RepositoryPolicy, "repo-policy", { repository: UNKNOWN, policy: UNKNOWN }),
            resource(aws.ecs.TaskDefinition, "task", { family: "app", containerDefinitions: UNKNOWN }),
            resource(aws.sns.Topic, "topic", { kmsMasterKeyId: UNKNOWN }),
            resource(aws.sqs.Queue, "queue", { sqsManagedSseEnabled: false, kmsMasterKeyId: UNKNOWN }),
            resource(aws.apigatewayv2.Stage, "stage", { apiId: UNKNOWN, name: "$default",
                accessLogSettings: { destinationArn: UNKNOWN, format: "$context.requestId" },
                defaultRouteSettings: { throttlingRateLimit: 10, throttlingBurstLimit: 5 } }),
        ];
        expect(evaluatePolicies(resources).map((v) => `${v.policyName} ${v.resourceName}: ${v.message}`)).to.deep.equal([]);
    });

    it("still report what is known: a public statement next to an unknown ARN", () => {
        const policy = JSON.stringify({ Statement: [{ Effect: "Allow", Principal: "*", Action: "sqs:SendMessage", Resource: "*" }] });
        const violations = evaluatePolicies([resource(aws.sqs.QueuePolicy, "queue-policy", { queueUrl: UNKNOWN, policy })]);
        expect(violations.map((v) => `${v.policyName} ${v.resourceName} ${v.enforcementLevel}`))
            .to.deep.equal(["sqs-queue-policy-disallow-public-principal queue-policy mandatory"]);
    });
});
