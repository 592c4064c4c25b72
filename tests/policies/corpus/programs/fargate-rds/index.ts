/**
 * A Fargate service behind an application load balancer with a PostgreSQL instance, in production.
 * Holes: the admin listener forwards plain HTTP; SSH and PostgreSQL are open to the internet; the worker task
 * carries its database password in its environment; the reporting replica-to-be is a public, unencrypted
 * instance with neither backups nor deletion protection.
 */
import * as aws from "@pulumi/aws";

const vpcId = "vpc-0a1b2c3d";
const publicSubnets = ["subnet-0pub1", "subnet-0pub2"];
const privateSubnets = ["subnet-0priv1", "subnet-0priv2"];
const certificateArn = "arn:aws:acm:eu-west-1:123456789012:certificate/1a2b3c4d";

const albSg = new aws.ec2.SecurityGroup("alb-sg", { vpcId, description: "Web traffic to the load balancer",
    ingress: [
        { protocol: "tcp", fromPort: 80, toPort: 80, cidrBlocks: ["0.0.0.0/0"], ipv6CidrBlocks: ["::/0"] },
        { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"], ipv6CidrBlocks: ["::/0"] },
    ],
    egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }] });
const appSg = new aws.ec2.SecurityGroup("app-sg", { vpcId, description: "Tasks, reached from the load balancer only",
    ingress: [{ protocol: "tcp", fromPort: 8080, toPort: 8080, securityGroups: [albSg.id] }],
    egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }] });
const dbSg = new aws.ec2.SecurityGroup("db-sg", { vpcId, description: "PostgreSQL" });
new aws.vpc.SecurityGroupIngressRule("db-from-app", { securityGroupId: dbSg.id, ipProtocol: "tcp", fromPort: 5432, toPort: 5432,
    referencedSecurityGroupId: appSg.id });
// "Temporary" access for a laptop, and a bastion rule, both left open to the world.
new aws.vpc.SecurityGroupIngressRule("db-from-anywhere", { securityGroupId: dbSg.id, ipProtocol: "tcp", fromPort: 5432, toPort: 5432,
    cidrIpv4: "0.0.0.0/0" });
new aws.ec2.SecurityGroupRule("ssh", { type: "ingress", securityGroupId: appSg.id, protocol: "tcp", fromPort: 22, toPort: 22,
    cidrBlocks: ["0.0.0.0/0"] });

const alb = new aws.lb.LoadBalancer("web", { loadBalancerType: "application", subnets: publicSubnets, securityGroups: [albSg.id],
    dropInvalidHeaderFields: true });
const targets = new aws.lb.TargetGroup("app", { port: 8080, protocol: "HTTP", targetType: "ip", vpcId, healthCheck: { path: "/health" } });
new aws.lb.Listener("http", { loadBalancerArn: alb.arn, port: 80, protocol: "HTTP",
    defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }] });
new aws.lb.Listener("https", { loadBalancerArn: alb.arn, port: 443, protocol: "HTTPS", certificateArn,
    sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06", defaultActions: [{ type: "forward", targetGroupArn: targets.arn }] });
new aws.lb.Listener("admin", { loadBalancerArn: alb.arn, port: 8080, defaultActions: [{ type: "forward", targetGroupArn: targets.arn }] });

const dbSecretArn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:orders-db-AbCdEf";
const assumeTasks = JSON.stringify({ Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" }] });
const executionRole = new aws.iam.Role("execution", { assumeRolePolicy: assumeTasks });
new aws.iam.RolePolicyAttachment("execution-ecs", { role: executionRole.name,
    policyArn: "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy" });
new aws.iam.RolePolicy("execution-secret", { role: executionRole.id, policy: JSON.stringify({ Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: dbSecretArn }] }) });

const cluster = new aws.ecs.Cluster("cluster", { settings: [{ name: "containerInsights", value: "enabled" }] });
const app = new aws.ecs.TaskDefinition("app", {
    family: "app", cpu: "256", memory: "512", networkMode: "awsvpc", requiresCompatibilities: ["FARGATE"],
    executionRoleArn: executionRole.arn,
    containerDefinitions: JSON.stringify([{ name: "app", image: "public.ecr.aws/nginx/nginx:1.27", essential: true,
        portMappings: [{ containerPort: 8080 }],
        environment: [{ name: "PORT", value: "8080" }, { name: "DB_SECRET_ARN", value: dbSecretArn }],
        secrets: [{ name: "DB_PASSWORD", valueFrom: dbSecretArn }] }]),
});
new aws.ecs.TaskDefinition("worker", {
    family: "worker", cpu: "256", memory: "512", networkMode: "awsvpc", requiresCompatibilities: ["FARGATE"],
    executionRoleArn: executionRole.arn,
    containerDefinitions: JSON.stringify([{ name: "worker", image: "public.ecr.aws/docker/library/python:3.13", essential: true,
        environment: [{ name: "DB_HOST", value: "orders.example.internal" }, { name: "DB_PASSWORD", value: "s3cr3t-Passw0rd" }] }]),
});
new aws.ecs.Service("app", { cluster: cluster.arn, taskDefinition: app.arn, desiredCount: 2, launchType: "FARGATE",
    networkConfiguration: { subnets: privateSubnets, securityGroups: [appSg.id], assignPublicIp: false },
    loadBalancers: [{ targetGroupArn: targets.arn, containerName: "app", containerPort: 8080 }] });

const subnets = new aws.rds.SubnetGroup("db", { subnetIds: privateSubnets });
new aws.rds.Instance("orders", {
    engine: "postgres", engineVersion: "16.4", instanceClass: "db.t4g.medium", allocatedStorage: 50,
    dbName: "orders", username: "orders", manageMasterUserPassword: true,
    dbSubnetGroupName: subnets.name, vpcSecurityGroupIds: [dbSg.id],
    storageEncrypted: true, backupRetentionPeriod: 14, deletionProtection: true, multiAz: true, publiclyAccessible: false,
    finalSnapshotIdentifier: "orders-final",
}, { protect: true });
new aws.rds.Instance("reporting", {
    engine: "postgres", engineVersion: "16.4", instanceClass: "db.t4g.small", allocatedStorage: 20,
    username: "report", manageMasterUserPassword: true, dbSubnetGroupName: subnets.name, vpcSecurityGroupIds: [dbSg.id],
    publiclyAccessible: true, skipFinalSnapshot: true,
});

export const loadBalancerArn = alb.arn;
