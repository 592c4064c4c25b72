import type * as pulumi from "@pulumi/pulumi";
import type { FunctionKey } from "../handlers";

/**
 * Shapes components hand to each other. Each is a bundle of Inputs, so a component never needs another
 * component's class, only what it exposes.
 */

/** A log group by name and ARN (functions need both: the name to log to, the ARN for their role). */
export interface LogGroupRef {
    name: pulumi.Input<string>;
    arn: pulumi.Input<string>;
}

/** What Observability creates before the resources that log there exist. */
export interface LogGroups {
    /** The regional logs key; components that create a log group of their own (the stage's execution log) use it. */
    logsKeyArn: pulumi.Input<string>;
    functions: Record<FunctionKey, LogGroupRef>;
    /** The stage's JSON access log. */
    apiAccess: LogGroupRef;
    /** WAF logs of the CLOUDFRONT-scoped web ACL (us-east-1) and of the REGIONAL one on the stage. */
    wafEdge: LogGroupRef;
    wafRegional: LogGroupRef;
    /**
     * `/aws/rds/cluster/<cluster>/postgresql`, created before the cluster so its log exports get the stack's
     * retention and encryption instead of a never-expiring group RDS would create.
     */
    rdsPostgres: LogGroupRef;
}

export interface BucketRef {
    bucket: pulumi.Input<string>;
    arn: pulumi.Input<string>;
    regionalDomainName: pulumi.Input<string>;
}

/** Coordinates of the data stores, for functions' environment and roles. */
export interface DataRefs {
    tableName: pulumi.Input<string>;
    tableArn: pulumi.Input<string>;
    /** Customer-managed key that encrypts the table, the cluster, the buckets and the secrets. */
    dataKeyArn: pulumi.Input<string>;
    clusterArn: pulumi.Input<string>;
    /** Secrets Manager secret RDS manages for the master user; the Data API authenticates with it. */
    clusterSecretArn: pulumi.Input<string>;
    /** Secrets Manager secret holding the random key that signs pagination cursors. */
    cursorSecretArn: pulumi.Input<string>;
    databaseName: string;
    assets: BucketRef;
    private: BucketRef;
    logs: BucketRef;
}

/** What the functions need from the edge; resolved after EdgeSecurity exists (see index.ts). */
export interface EdgeRefs {
    /** `https://<custom domain or distribution domain>`; receipts are served under `/receipts/`. */
    baseUrl: string;
    /** CloudFront public key id that signed URLs name as Key-Pair-Id. */
    keyPairId: string;
    /** Secrets Manager secret holding the PEM private key that signs receipt URLs. */
    signingSecretArn: string;
}

/** What the gateway needs from the auth layer. */
export interface AuthRefs {
    userPoolId: pulumi.Input<string>;
    userPoolArn: pulumi.Input<string>;
    issuer: pulumi.Input<string>;
    /** App client ids whose tokens the authorizer accepts. */
    clientIds: pulumi.Input<string[]>;
    /** The Lambda authorizer; API Gateway invokes it under a Lambda permission, without a credentials role. */
    authorizerArn: pulumi.Input<string>;
}
