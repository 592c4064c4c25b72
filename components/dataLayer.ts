import * as crypto from "crypto";
import * as aws from "@pulumi/aws";
import * as awsx from "@pulumi/awsx";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { StackConfig } from "../config/schema";
import { MIGRATIONS, type Migration } from "../handlers/lib/migrations";
import { bucketPolicyDocument, tlsOnlyStatement } from "./bucketPolicies";
import { EDGE_REGION } from "./edgeRegion";
import { keyPolicy } from "./keyPolicies";
import { names } from "./naming";
import { SecureFunction } from "./secureFunction";
import type { BucketRef, DataRefs, LogGroups } from "./types";
import { CATALOG_KEYS } from "../handlers/lib/catalogTable";
import { CORS_MAX_AGE_SECONDS } from "../contract/responses";

/** The buckets of a stack, by purpose. */
export const BUCKET_PURPOSES = ["assets", "private", "logs"] as const;
export type BucketPurpose = (typeof BUCKET_PURPOSES)[number];

/** Data-layer settings that are not per stack. */
export const DATA_LAYER_DEFAULTS = {
    /** A current Aurora PostgreSQL 16 minor version with the RDS Data API on Serverless v2 (16.1 and later). */
    engineVersion: "16.8",
    masterUsername: "portcullis_admin",
    /** The VPC only holds the database: a /16 leaves room, /24 per isolated subnet is plenty for a few ENIs. */
    vpcCidr: "10.20.0.0/16",
    subnetCidrMask: 24,
    /** Performance Insights' free tier keeps 7 days. */
    performanceInsightsRetentionDays: 7,
    /** Incomplete multipart uploads cost storage and are never finished after a week. */
    abortMultipartDays: 7,
    /** KMS waiting period before a scheduled deletion when the stack is not protected (30 when it is). */
    unprotectedKeyDeletionDays: 7,
    /** Where S3 server access logs of the other buckets land in the logs bucket. */
    accessLogPrefix: "s3-access/",
    /** The migration runs once per deployment and may wait for Aurora to scale up. */
    migrationMemoryMb: 256,
    migrationTimeoutSeconds: 300,
    /** Services through which the account's principals may use the data key (see components/keyPolicies.ts). */
    dataKeyServices: ["dynamodb", "rds", "secretsmanager", "s3", "lambda"],
    /** Characters of the cursor MAC key: 64 of [A-Za-z0-9] carry about 380 bits (handlers/lib/cursor.ts wants 32+). */
    cursorKeyLength: 64,
    /** Days a deleted secret of a protected stack can be restored (Secrets Manager allows 7 to 30). */
    secretRecoveryDays: 7,
} as const;

export interface DataLayerArgs {
    /** The validated stack config; sizes from `config.data`, protection from `config.protect`. */
    config: StackConfig;
    /** The account the key policy and the logs bucket's delivery grants admit. Required. */
    accountId: pulumi.Input<string>;
    /** Log groups from Observability: the migrate function's and the cluster's PostgreSQL log group. */
    logGroups: LogGroups;
}

/** The hash of the migration set (ids and file checksums): the migration invocation re-runs when it changes. */
export function migrationsHash(migrations: readonly Migration[]): string {
    const hash = crypto.createHash("sha256");
    for (const m of migrations) hash.update(`${m.id}:${m.checksum}\n`);
    return hash.digest("hex");
}

/**
 * The stack's state: a DynamoDB table (catalog), an Aurora Serverless v2 PostgreSQL cluster (orders) in isolated
 * subnets, the assets, private and logs buckets, the customer-managed key that encrypts them all, and the
 * migration that brings the database schema up to date on every deployment.
 */
export class DataLayer extends pulumi.ComponentResource {
    public readonly refs: DataRefs;
    public readonly dataKey: aws.kms.Key;
    public readonly table: aws.dynamodb.Table;
    public readonly vpc: awsx.ec2.Vpc;
    public readonly cluster: aws.rds.Cluster;
    public readonly instances: aws.rds.ClusterInstance[];
    public readonly buckets: Record<BucketPurpose, aws.s3.Bucket>;
    public readonly migrationFunction: SecureFunction;
    public readonly migration: aws.lambda.Invocation;
    /** The random key that signs pagination cursors, generated per stack; the listing functions read it. */
    public readonly cursorSecret: aws.secretsmanager.Secret;

    constructor(name: string, args: DataLayerArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("portcullis:data:DataLayer", name, {}, opts);
        const { config, logGroups } = args;
        const { prefix, region } = config;
        const d = DATA_LAYER_DEFAULTS;
        const accountId = pulumi.output(args.accountId);
        const child = { parent: this };
        const stateful = { parent: this, protect: config.protect };

        this.dataKey = new aws.kms.Key(`${name}-key`, {
            description: `Encrypts the ${prefix} table, database, buckets and secrets.`,
            enableKeyRotation: true,
            deletionWindowInDays: config.protect ? 30 : d.unprotectedKeyDeletionDays,
            policy: accountId.apply((account) => keyPolicy({
                accountId: account,
                region,
                viaServices: d.dataKeyServices,
                serviceStatements: [{
                    // Origin access control reads SSE-KMS objects as CloudFront itself, not through S3 on a
                    // caller's behalf. The distribution ARN is not known yet (it is created later), so the
                    // condition admits this account's distributions; the bucket policies name the exact one.
                    Sid: "CloudFrontReadsEncryptedObjects",
                    Effect: "Allow",
                    Principal: { Service: "cloudfront.amazonaws.com" },
                    Action: ["kms:Decrypt"],
                    Resource: "*",
                    Condition: {
                        StringEquals: { "aws:SourceAccount": account },
                        ArnLike: { "aws:SourceArn": `arn:aws:cloudfront::${account}:distribution/*` },
                    },
                }],
            })),
        }, stateful);
        new aws.kms.Alias(`${name}-key-alias`, { name: `alias/${prefix}-data`, targetKeyId: this.dataKey.keyId }, child);

        this.table = new aws.dynamodb.Table(`${name}-table`, {
            name: names.table(prefix),
            billingMode: "PAY_PER_REQUEST",
            // Generic keys: the item design lives with the handlers (handlers/lib/products.ts).
            hashKey: CATALOG_KEYS.partition,
            rangeKey: CATALOG_KEYS.sort,
            attributes: [{ name: CATALOG_KEYS.partition, type: "S" }, { name: CATALOG_KEYS.sort, type: "S" }],
            pointInTimeRecovery: { enabled: true },
            serverSideEncryption: { enabled: true, kmsKeyArn: this.dataKey.arn },
            ttl: { attributeName: "expiresAt", enabled: true },
            deletionProtectionEnabled: config.protect,
        }, stateful);

        // The VPC holds only the database, in isolated subnets (no route to the internet, no NAT gateways): the
        // functions reach Aurora through the RDS Data API, an AWS endpoint that needs no VPC access, so no
        // function runs in the VPC and nothing in it needs to reach out.
        this.vpc = new awsx.ec2.Vpc(`${name}-vpc`, {
            cidrBlock: d.vpcCidr,
            numberOfAvailabilityZones: config.data.azCount,
            subnetStrategy: awsx.ec2.SubnetAllocationStrategy.Auto,
            subnetSpecs: [{ type: awsx.ec2.SubnetType.Isolated, name: "database", cidrMask: d.subnetCidrMask }],
            natGateways: { strategy: awsx.ec2.NatGatewayStrategy.None },
            enableDnsHostnames: true,
            enableDnsSupport: true,
            tags: { Name: `${prefix}-data` },
        }, child);

        const { buckets, logsPolicy } = this.createBuckets(name, config, accountId);
        this.buckets = buckets;

        // Flow logs cost next to nothing here (only the database's ENIs) and record any unexpected connection.
        new aws.ec2.FlowLog(`${name}-vpc-flow-logs`, {
            vpcId: this.vpc.vpcId,
            trafficType: "ALL",
            logDestinationType: "s3",
            logDestination: buckets.logs.arn,
            maxAggregationInterval: 600,
            destinationOptions: { fileFormat: "parquet", perHourPartition: true, hiveCompatiblePartitions: false },
        }, { parent: this, dependsOn: [logsPolicy] });

        const subnetGroup = new aws.rds.SubnetGroup(`${name}-db-subnets`, {
            name: `${prefix}-db`,
            description: `Isolated subnets of the ${prefix} orders database.`,
            subnetIds: this.vpc.isolatedSubnetIds,
        }, child);
        // No ingress: nothing connects to the database over the network (the Data API is not a network client
        // of the VPC). No egress: the database calls nothing.
        const securityGroup = new aws.ec2.SecurityGroup(`${name}-db-sg`, {
            name: `${prefix}-db`,
            description: `Orders database of ${prefix}: no ingress, no egress (functions use the RDS Data API).`,
            vpcId: this.vpc.vpcId,
            ingress: [],
            egress: [],
        }, child);

        const clusterIdentifier = names.cluster(prefix);
        this.cluster = new aws.rds.Cluster(`${name}-cluster`, {
            clusterIdentifier,
            engine: "aurora-postgresql",
            engineMode: "provisioned",
            engineVersion: d.engineVersion,
            databaseName: names.databaseName,
            masterUsername: d.masterUsername,
            manageMasterUserPassword: true,
            masterUserSecretKmsKeyId: this.dataKey.arn,
            serverlessv2ScalingConfiguration: { minCapacity: config.data.minAcu, maxCapacity: config.data.maxAcu },
            enableHttpEndpoint: true,
            iamDatabaseAuthenticationEnabled: true,
            storageEncrypted: true,
            kmsKeyId: this.dataKey.arn,
            dbSubnetGroupName: subnetGroup.name,
            vpcSecurityGroupIds: [securityGroup.id],
            backupRetentionPeriod: config.data.backupRetentionDays,
            copyTagsToSnapshot: true,
            deletionProtection: config.protect,
            skipFinalSnapshot: !config.protect,
            finalSnapshotIdentifier: config.protect ? `${clusterIdentifier}-final` : undefined,
            enabledCloudwatchLogsExports: ["postgresql"],
            // Unprotected (dev) stacks apply changes now; protected ones wait for the maintenance window.
            applyImmediately: !config.protect,
            tags: {
                // Also orders the cluster after its log group, so RDS never creates that group itself without
                // retention or encryption (a LogGroupRef carries its resource as a dependency).
                "portcullis:log-group": logGroups.rdsPostgres.name,
            },
        }, {
            ...stateful,
            // Aurora applies minor upgrades itself (autoMinorVersionUpgrade); without this, the next `pulumi up`
            // would try to move the cluster back to the version written here.
            ignoreChanges: ["engineVersion"],
        });

        // The first instance created becomes the writer; readers wait for it and take over on failover in order.
        const instance = (index: number, dependsOn: pulumi.Resource[]) => new aws.rds.ClusterInstance(`${name}-db-${index + 1}`, {
            identifier: `${clusterIdentifier}-${index + 1}`,
            clusterIdentifier: this.cluster.clusterIdentifier,
            instanceClass: "db.serverless",
            engine: "aurora-postgresql",
            engineVersion: this.cluster.engineVersion,
            dbSubnetGroupName: subnetGroup.name,
            publiclyAccessible: false,
            autoMinorVersionUpgrade: true,
            promotionTier: index,
            performanceInsightsEnabled: true,
            performanceInsightsKmsKeyId: this.dataKey.arn,
            performanceInsightsRetentionPeriod: d.performanceInsightsRetentionDays,
            applyImmediately: !config.protect,
        }, { parent: this, dependsOn, ignoreChanges: ["engineVersion"] });
        const writer = instance(0, []);
        this.instances = [writer, ...Array.from({ length: config.data.readerCount }, (_, i) => instance(i + 1, [writer]))];

        const clusterSecretArn = this.cluster.masterUserSecrets.apply((secrets) => secrets[0].secretArn);

        this.migrationFunction = new SecureFunction(`${name}-migrate`, {
            handler: "migrate",
            prefix,
            description: `Applies the SQL migrations of ${prefix} to the orders database through the RDS Data API.`,
            // Migrations are read when the program loads and ship as values inside the bundle (no files to include).
            environment: {
                DB_CLUSTER_ARN: this.cluster.arn,
                DB_SECRET_ARN: clusterSecretArn,
                DB_NAME: names.databaseName,
                POWERTOOLS_SERVICE_NAME: "portcullis",
            },
            resources: { cluster: this.cluster.arn, clusterSecret: clusterSecretArn, dataKey: this.dataKey.arn },
            region,
            logGroup: logGroups.functions.migrate,
            memoryMb: d.migrationMemoryMb,
            timeoutSeconds: d.migrationTimeoutSeconds,
            logLevel: config.lambda.logLevel,
        }, child);

        // Runs the migrations once the writer can take statements; `triggers` re-runs it when the set changes
        // (a new or edited migration file). A failed migration fails `pulumi up`.
        this.migration = new aws.lambda.Invocation(`${name}-migration`, {
            functionName: this.migrationFunction.name,
            input: JSON.stringify({}),
            triggers: { migrations: migrationsHash(MIGRATIONS) },
        }, { parent: this, dependsOn: [writer] });

        // Pagination cursors are signed with a random key per stack, never one derived from names a client can guess
        // (issue 12: a guessable key let anyone forge cursors). Secret in state, encrypted with the data key.
        const cursorKey = new random.RandomPassword(`${name}-cursor-key`, { length: d.cursorKeyLength, special: false }, child);
        this.cursorSecret = new aws.secretsmanager.Secret(`${name}-cursor-key`, {
            name: `${prefix}/data/cursor-key`,
            description: "Key that signs the API's pagination cursors (HMAC-SHA256); read by the listing functions.",
            kmsKeyId: this.dataKey.arn,
            // Names are fixed, so an unprotected (dev) stack recreated within the recovery window would collide.
            recoveryWindowInDays: config.protect ? d.secretRecoveryDays : 0,
        }, child);
        new aws.secretsmanager.SecretVersion(`${name}-cursor-key`, { secretId: this.cursorSecret.id, secretString: pulumi.secret(cursorKey.result) }, child);

        const bucketRef = (b: aws.s3.Bucket): BucketRef => ({ bucket: b.bucket, arn: b.arn, regionalDomainName: b.bucketRegionalDomainName });
        this.refs = {
            tableName: this.table.name,
            tableArn: this.table.arn,
            dataKeyArn: this.dataKey.arn,
            clusterArn: this.cluster.arn,
            clusterSecretArn,
            cursorSecretArn: this.cursorSecret.arn,
            databaseName: names.databaseName,
            assets: bucketRef(buckets.assets),
            private: bucketRef(buckets.private),
            logs: bucketRef(buckets.logs),
        };

        this.registerOutputs({
            tableName: this.table.name,
            clusterArn: this.cluster.arn,
            dataKeyArn: this.dataKey.arn,
            assetsBucket: buckets.assets.bucket,
            privateBucket: buckets.private.bucket,
            logsBucket: buckets.logs.bucket,
        });
    }

    /**
     * The three buckets with their settings. The assets and private buckets get their policies from EdgeSecurity
     * (only it knows the distribution ARN those policies name, and a bucket has one policy); the logs bucket's
     * policy is written here, and log writers (access logs here, flow logs) wait for it.
     */
    private createBuckets(name: string, config: StackConfig, accountId: pulumi.Output<string>):
        { buckets: Record<BucketPurpose, aws.s3.Bucket>; logsPolicy: aws.s3.BucketPolicy } {
        const d = DATA_LAYER_DEFAULTS;
        const buckets = Object.fromEntries(BUCKET_PURPOSES.map((purpose) => {
            const bucket = new aws.s3.Bucket(`${name}-${purpose}`, {
                bucketPrefix: `${config.prefix}-${purpose}-`,
                forceDestroy: !config.protect,
            }, { parent: this, protect: config.protect });
            const child = { parent: this };
            new aws.s3.BucketPublicAccessBlock(`${name}-${purpose}-public-access`, {
                bucket: bucket.id,
                blockPublicAcls: true,
                blockPublicPolicy: true,
                ignorePublicAcls: true,
                restrictPublicBuckets: true,
            }, child);
            new aws.s3.BucketOwnershipControls(`${name}-${purpose}-ownership`, {
                bucket: bucket.id,
                rule: { objectOwnership: "BucketOwnerEnforced" },
            }, child);
            new aws.s3.BucketServerSideEncryptionConfiguration(`${name}-${purpose}-encryption`, {
                bucket: bucket.id,
                // S3 server access logging cannot write to a bucket whose default encryption is SSE-KMS, only
                // SSE-S3, so the logs bucket uses SSE-S3 (AES-256, keys managed by S3). Logs hold no customer data.
                rules: [purpose === "logs"
                    ? { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }
                    : { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: this.dataKey.arn }, bucketKeyEnabled: true }],
            }, child);
            const versioning = new aws.s3.BucketVersioning(`${name}-${purpose}-versioning`, {
                bucket: bucket.id,
                versioningConfiguration: { status: "Enabled" },
            }, child);
            new aws.s3.BucketLifecycleConfiguration(`${name}-${purpose}-lifecycle`, {
                bucket: bucket.id,
                rules: [{
                    id: purpose === "logs" ? "expire-logs" : "expire-noncurrent-versions",
                    status: "Enabled",
                    filter: {},
                    noncurrentVersionExpiration: { noncurrentDays: config.data.noncurrentVersionDays },
                    abortIncompleteMultipartUpload: { daysAfterInitiation: d.abortMultipartDays },
                    // Access and flow logs are kept as long as the stack's CloudWatch logs: one retention for
                    // every log of the stack (14 days in dev, a year in prod).
                    expiration: purpose === "logs" ? { days: config.observability.logRetentionDays } : undefined,
                }],
            }, { parent: this, dependsOn: [versioning] });
            return [purpose, bucket];
        })) as Record<BucketPurpose, aws.s3.Bucket>;

        const logsPolicy = new aws.s3.BucketPolicy(`${name}-logs-policy`, {
            bucket: buckets.logs.id,
            policy: pulumi.all([buckets.logs.arn, buckets.assets.arn, buckets.private.arn, accountId])
                .apply(([logsArn, assetsArn, privateArn, account]) => logsBucketPolicy(logsArn, [assetsArn, privateArn], account, config.region)),
        }, { parent: this });

        for (const purpose of ["assets", "private"] as const) {
            new aws.s3.BucketLogging(`${name}-${purpose}-access-logs`, {
                bucket: buckets[purpose].id,
                targetBucket: buckets.logs.id,
                targetPrefix: `${d.accessLogPrefix}${purpose}/`,
            }, { parent: this, dependsOn: [logsPolicy] });
        }
        const cors = assetsUploadCors(config.gateway.corsOrigins);
        if (cors !== undefined) new aws.s3.BucketCorsConfiguration(`${name}-assets-cors`, { bucket: buckets.assets.id, corsRules: [cors] }, { parent: this });
        return { buckets, logsPolicy };
    }
}

/**
 * CORS on the assets bucket for browser uploads with the presigned URL from `createProductImageUpload`: the
 * browser PUTs straight to S3 from one of `gateway.corsOrigins`, sending the headers the URL signs
 * (`handlers/imageUpload.ts` returns exactly Content-Type and Content-Length in `headers`; a browser sets
 * Content-Length itself, but a non-form Content-Type makes it ask S3 in a preflight). PUT only: reads go through
 * CloudFront. ETag is exposed so a client can confirm what S3 stored. Undefined, and no configuration at all,
 * when no origin is allowed. https://docs.aws.amazon.com/AmazonS3/latest/API/API_CORSRule.html
 */
export function assetsUploadCors(origins: readonly string[]): aws.types.input.s3.BucketCorsConfigurationCorsRule | undefined {
    if (origins.length === 0) return undefined;
    return {
        id: "presigned-image-uploads",
        allowedMethods: ["PUT"],
        allowedOrigins: [...origins],
        allowedHeaders: ["Content-Type", "Content-Length"],
        exposeHeaders: ["ETag"],
        maxAgeSeconds: CORS_MAX_AGE_SECONDS,
    };
}

/**
 * The logs bucket's policy: TLS only; CloudWatch Logs' vended-log delivery (CloudFront standard logging v2 from
 * us-east-1, VPC flow logs from the stack's region) writes under `AWSLogs/<account>/`; S3 server access logs of
 * the other buckets under the access-log prefix. Every grant is limited to this account's sources.
 */
export function logsBucketPolicy(logsArn: string, loggedBucketArns: string[], account: string, region: string): string {
    const deliverySources = { "aws:SourceArn": [`arn:aws:logs:${region}:${account}:*`, `arn:aws:logs:${EDGE_REGION}:${account}:*`] };
    return bucketPolicyDocument([
        tlsOnlyStatement(logsArn),
        {
            Sid: "LogDeliveryWrites",
            Effect: "Allow",
            Principal: { Service: "delivery.logs.amazonaws.com" },
            Action: "s3:PutObject",
            Resource: [`${logsArn}/AWSLogs/${account}/*`],
            Condition: { StringEquals: { "aws:SourceAccount": account, "s3:x-amz-acl": "bucket-owner-full-control" }, ArnLike: deliverySources },
        },
        {
            Sid: "LogDeliveryChecksBucket",
            Effect: "Allow",
            Principal: { Service: "delivery.logs.amazonaws.com" },
            Action: ["s3:GetBucketAcl", "s3:ListBucket"],
            Resource: logsArn,
            Condition: { StringEquals: { "aws:SourceAccount": account }, ArnLike: deliverySources },
        },
        {
            Sid: "S3ServerAccessLogsWrite",
            Effect: "Allow",
            Principal: { Service: "logging.s3.amazonaws.com" },
            Action: "s3:PutObject",
            Resource: [`${logsArn}/${DATA_LAYER_DEFAULTS.accessLogPrefix}*`],
            Condition: { StringEquals: { "aws:SourceAccount": account }, ArnLike: { "aws:SourceArn": loggedBucketArns } },
        },
    ]);
}
