/**
 * Assorted resources of an event pipeline: queues, topics, streams, an image repository and the IAM users of
 * the CI system and the team.
 * Holes: the legacy queue turns encryption off and accepts messages from anyone; the audit topic is unencrypted
 * and anyone may subscribe; the raw stream is unencrypted; anyone may pull the images; three users hold
 * administrator access (alice through AdministratorAccess, bob through a policy of the stack allowing `*` on `*`,
 * carol through an inline user policy allowing the same).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const doc = (...Statement: object[]) => JSON.stringify({ Version: "2012-10-17", Statement });

const events = new aws.sns.Topic("events", { kmsMasterKeyId: "alias/aws/sns" });
const jobs = new aws.sqs.Queue("jobs", { visibilityTimeoutSeconds: 60 });
new aws.sqs.QueuePolicy("jobs-policy", { queueUrl: jobs.url, policy: pulumi.all([jobs.arn, events.arn]).apply(([q, t]) => doc({
    Effect: "Allow", Principal: { Service: "sns.amazonaws.com" }, Action: "sqs:SendMessage", Resource: q, Condition: { ArnEquals: { "aws:SourceArn": t } } })) });
new aws.sns.TopicSubscription("jobs-subscription", { topic: events.arn, protocol: "sqs", endpoint: jobs.arn });

const legacy = new aws.sqs.Queue("legacy", { sqsManagedSseEnabled: false });
new aws.sqs.QueuePolicy("legacy-policy", { queueUrl: legacy.url, policy: legacy.arn.apply((q) => doc({
    Effect: "Allow", Principal: "*", Action: "sqs:SendMessage", Resource: q })) });

const audit = new aws.sns.Topic("audit", {});
new aws.sns.TopicPolicy("audit-policy", { arn: audit.arn, policy: audit.arn.apply((t) => doc({
    Effect: "Allow", Principal: { AWS: "*" }, Action: ["sns:Subscribe", "sns:Receive"], Resource: t })) });

new aws.kinesis.Stream("clicks", { shardCount: 1, retentionPeriod: 48, encryptionType: "KMS", kmsKeyId: "alias/aws/kinesis" });
new aws.kinesis.Stream("raw", { shardCount: 1, retentionPeriod: 24 });

const images = new aws.ecr.Repository("images", { imageTagMutability: "IMMUTABLE", imageScanningConfiguration: { scanOnPush: true } });
new aws.ecr.RepositoryPolicy("images-policy", { repository: images.name, policy: doc({
    Sid: "PublicPull", Effect: "Allow", Principal: "*", Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"] }) });
const tools = new aws.ecr.Repository("tools", { imageTagMutability: "IMMUTABLE", imageScanningConfiguration: { scanOnPush: true } });
new aws.ecr.RepositoryPolicy("tools-policy", { repository: tools.name, policy: doc({
    Sid: "ProdPull", Effect: "Allow", Principal: { AWS: "arn:aws:iam::210987654321:root" }, Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"] }) });

const ci = new aws.iam.User("ci", { name: "ci" });
new aws.iam.UserPolicy("ci-push", { user: ci.name, policy: images.arn.apply((arn) => doc(
    { Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
    { Effect: "Allow", Action: ["ecr:BatchCheckLayerAvailability", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart",
        "ecr:CompleteLayerUpload", "ecr:PutImage"], Resource: arn })) });

const admin = new aws.iam.User("alice", { name: "alice" });
new aws.iam.UserPolicyAttachment("alice-admin", { user: admin.name, policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" });

const everything = new aws.iam.Policy("break-glass", { policy: doc({ Effect: "Allow", Action: "*", Resource: "*" }) });
const bob = new aws.iam.User("bob", { name: "bob" });
new aws.iam.PolicyAttachment("break-glass-users", { users: [bob.name], policyArn: everything.arn });

const carol = new aws.iam.User("carol", { name: "carol" });
new aws.iam.UserPolicy("carol-everything", { user: carol.name, policy: doc({ Effect: "Allow", Action: "*", Resource: "*" }) });

export const queueArn = jobs.arn;
