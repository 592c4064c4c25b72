import { expect } from "chai";
import { assetsUploadCors, DATA_LAYER_DEFAULTS, DataLayer, logsBucketPolicy, migrationsHash } from "../../components/dataLayer";
import { evaluateComponents } from "../../harness/evaluate";
import { KEY_ADMIN_ACTIONS, KEY_USE_ACTIONS } from "../../components/keyPolicies";
import { names } from "../../components/naming";
import { MIGRATIONS } from "../../handlers/lib/migrations";
import { ACCOUNT } from "../../harness/mocks";
import { componentView, countByType, evaluateCases, secretValue, TEST_PREFIX, TEST_REGION, testConfig, UPSTREAM } from "./support";

const COMPONENT = "portcullis:data:DataLayer::data";
const MIGRATE = "portcullis:lambda:SecureFunction::data-migrate";
const REGION = TEST_REGION;
const KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/data-key`;
/** Bucket ids and ARNs as the mocks answer them (the real names come from `bucketPrefix` plus a suffix). */
const bucketId = (purpose: string) => `data-${purpose}-id`;
const bucketArn = (purpose: string) => `arn:aws:s3:::data-${purpose}-mock`;

/** Two configs: a small unprotected one, and a protected one with a reader, three zones and longer retention. */
const CASES = {
    small: { protect: false, azCount: 2, minAcu: 0.5, maxAcu: 2, instances: 1, backupDays: 7, noncurrentDays: 7, logDays: 30, deletionWindow: 7, corsOrigins: ["http://localhost:5173"] },
    large: {
        protect: true, azCount: 3, minAcu: 1, maxAcu: 16, instances: 2, backupDays: 14, noncurrentDays: 90, logDays: 365, deletionWindow: 30,
        corsOrigins: ["https://app.portcullis.example.com", "https://admin.portcullis.example.com"],
    },
} as const;
type CaseName = keyof typeof CASES;

/** DataLayer alone, from `raw` config sections; its refs returned under index.ts's output names. */
function evaluateData(raw: Parameters<typeof testConfig>[0]) {
    return () => {
        const data = new DataLayer("data", { config: testConfig(raw), accountId: ACCOUNT, logGroups: UPSTREAM.logGroups });
        return { tableName: data.refs.tableName, clusterArn: data.refs.clusterArn };
    };
}
const build = (want: (typeof CASES)[CaseName]) => evaluateData({
    protect: want.protect,
    data: {
        azCount: want.azCount, minAcu: want.minAcu, maxAcu: want.maxAcu, readerCount: want.instances - 1,
        backupRetentionDays: want.backupDays, noncurrentVersionDays: want.noncurrentDays,
    },
    observability: { logRetentionDays: want.logDays },
    gateway: { corsOrigins: want.corsOrigins },
});

const wildcardActions = (statements: any[]) => statements.flatMap((s) => [].concat(s.Action)).filter((a: string) => a === "*" || a.endsWith(":*"));

describe("DataLayer", function () {
    const stacks = evaluateCases({ small: build(CASES.small), large: build(CASES.large) });

    it("pins its defaults", () => {
        expect(DATA_LAYER_DEFAULTS).to.deep.equal({
            engineVersion: "16.8", masterUsername: "portcullis_admin", vpcCidr: "10.20.0.0/16", subnetCidrMask: 24,
            performanceInsightsRetentionDays: 7, abortMultipartDays: 7, unprotectedKeyDeletionDays: 7, accessLogPrefix: "s3-access/",
            migrationMemoryMb: 256, migrationTimeoutSeconds: 300, dataKeyServices: ["dynamodb", "rds", "secretsmanager", "s3", "lambda"],
            cursorKeyLength: 64, secretRecoveryDays: 7,
        });
    });

    for (const caseName of Object.keys(CASES) as CaseName[]) {
        describe(caseName, () => {
            const want = CASES[caseName];
            const prefix = TEST_PREFIX;
            const view = componentView(stacks, caseName, COMPONENT);
            const { ofType, named } = view;
            const settingOf = (type: string, purpose: string) => {
                const found = ofType(type).filter((r) => r.inputs.bucket === bucketId(purpose));
                expect(found, `${type} of ${purpose}`).to.have.length(1);
                return found[0].inputs;
            };

            it("creates exactly its resources, every one parented to the component", () => {
                expect(countByType(view.mine)).to.deep.equal({
                    "aws:kms/key:Key": 1,
                    "aws:kms/alias:Alias": 1,
                    "aws:dynamodb/table:Table": 1,
                    "awsx:ec2:Vpc": 1,
                    "aws:ec2/flowLog:FlowLog": 1,
                    "aws:rds/subnetGroup:SubnetGroup": 1,
                    "aws:ec2/securityGroup:SecurityGroup": 1,
                    "aws:rds/cluster:Cluster": 1,
                    "aws:rds/clusterInstance:ClusterInstance": want.instances,
                    "aws:s3/bucket:Bucket": 3,
                    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": 3,
                    "aws:s3/bucketOwnershipControls:BucketOwnershipControls": 3,
                    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": 3,
                    "aws:s3/bucketVersioning:BucketVersioning": 3,
                    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": 3,
                    "aws:s3/bucketPolicy:BucketPolicy": 1,
                    "aws:s3/bucketLogging:BucketLogging": 2,
                    "aws:s3/bucketCorsConfiguration:BucketCorsConfiguration": 1,
                    "portcullis:lambda:SecureFunction": 1,
                    "aws:lambda/invocation:Invocation": 1,
                    "random:index/randomPassword:RandomPassword": 1,
                    "aws:secretsmanager/secret:Secret": 1,
                    "aws:secretsmanager/secretVersion:SecretVersion": 1,
                });
                const below = view.stack.resources.filter((r) => r.parent === MIGRATE);
                expect(below.map((r) => r.type).sort()).to.deep.equal(["aws:iam/role:Role", "aws:iam/rolePolicy:RolePolicy", "aws:lambda/function:Function"]);
                const mineNames = new Set(view.mine.map((r) => `${r.type}::${r.name}`));
                expect(view.stack.resources.filter((r) => r.parent !== undefined && r.parent !== MIGRATE && mineNames.has(r.parent))).to.deep.equal([]);
            });

            it("protects exactly the stateful resources when the stack is protected", () => {
                const stateful = ["aws:kms/key:Key", "aws:dynamodb/table:Table", "aws:rds/cluster:Cluster", "aws:s3/bucket:Bucket"];
                expect(view.mine.filter((r) => r.protect).map((r) => r.type).sort()).to.deep.equal(
                    want.protect ? [...stateful, "aws:s3/bucket:Bucket", "aws:s3/bucket:Bucket"].sort() : [],
                );
            });

            it("encrypts with a rotating data key usable by the account only through the data services, and by CloudFront for reads", () => {
                const key = named("aws:kms/key:Key", "data-key").inputs;
                expect(key.enableKeyRotation).to.equal(true);
                expect(key.deletionWindowInDays).to.equal(want.deletionWindow);
                const statements: any[] = JSON.parse(key.policy).Statement;
                expect(wildcardActions(statements)).to.deep.equal([]);
                const root = { AWS: `arn:aws:iam::${ACCOUNT}:root` };
                expect(statements).to.deep.equal([
                    { Sid: "AccountAdministersKey", Effect: "Allow", Principal: root, Action: KEY_ADMIN_ACTIONS, Resource: "*" },
                    {
                        Sid: "AccountUsesKeyThroughServices", Effect: "Allow", Principal: root, Action: KEY_USE_ACTIONS, Resource: "*",
                        Condition: { StringEquals: { "kms:CallerAccount": ACCOUNT, "kms:ViaService": ["dynamodb", "rds", "secretsmanager", "s3", "lambda"].map((s) => `${s}.${REGION}.amazonaws.com`) } },
                    },
                    {
                        Sid: "CloudFrontReadsEncryptedObjects", Effect: "Allow", Principal: { Service: "cloudfront.amazonaws.com" }, Action: ["kms:Decrypt"], Resource: "*",
                        Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT }, ArnLike: { "aws:SourceArn": `arn:aws:cloudfront::${ACCOUNT}:distribution/*` } },
                    },
                ]);
                expect(KEY_ADMIN_ACTIONS).to.include("kms:PutKeyPolicy");
                expect(KEY_ADMIN_ACTIONS).to.not.include("kms:Decrypt");
                expect(named("aws:kms/alias:Alias", "data-key-alias").inputs.name).to.equal(`alias/${prefix}-data`);
            });

            it("keeps a random cursor key per stack in a secret encrypted with the data key (issue 12: the key was derived from resource names)", () => {
                const password = named("random:index/randomPassword:RandomPassword", "data-cursor-key").inputs;
                expect([password.length, password.special]).to.deep.equal([64, false]);
                const secret = named("aws:secretsmanager/secret:Secret", "data-cursor-key").inputs;
                expect(secret.name).to.equal(`${prefix}/data/cursor-key`);
                expect(secret.kmsKeyId).to.equal(KEY_ARN);
                expect(secret.recoveryWindowInDays).to.equal(want.protect ? 7 : 0);
                const version = named("aws:secretsmanager/secretVersion:SecretVersion", "data-cursor-key").inputs;
                expect(secretValue(version.secretString)).to.be.a("string").with.length(64);
            });

            it("creates the on-demand table with pk/sk, PITR, SSE with the data key, TTL and deletion protection from config", () => {
                expect(named("aws:dynamodb/table:Table", "data-table").inputs).to.deep.equal({
                    name: names.table(prefix),
                    billingMode: "PAY_PER_REQUEST",
                    hashKey: "pk",
                    rangeKey: "sk",
                    attributes: [{ name: "pk", type: "S" }, { name: "sk", type: "S" }],
                    pointInTimeRecovery: { enabled: true },
                    serverSideEncryption: { enabled: true, kmsKeyArn: KEY_ARN },
                    ttl: { attributeName: "expiresAt", enabled: true },
                    deletionProtectionEnabled: want.protect,
                });
            });

            it("puts the database in isolated subnets of a VPC without NAT, behind a security group with no rules", () => {
                expect(named("awsx:ec2:Vpc", "data-vpc").inputs).to.deep.include({
                    numberOfAvailabilityZones: want.azCount,
                    subnetStrategy: "Auto",
                    subnetSpecs: [{ type: "Isolated", name: "database", cidrMask: 24 }],
                    natGateways: { strategy: "None" },
                });
                expect(named("aws:rds/subnetGroup:SubnetGroup", "data-db-subnets").inputs.subnetIds).to.deep.equal(
                    Array.from({ length: want.azCount }, (_, i) => `subnet-isolated-${i}`),
                );
                expect(named("aws:ec2/securityGroup:SecurityGroup", "data-db-sg").inputs).to.deep.include({ vpcId: "vpc-mock", ingress: [], egress: [] });
                const flow = named("aws:ec2/flowLog:FlowLog", "data-vpc-flow-logs");
                expect(flow.inputs).to.deep.include({ vpcId: "vpc-mock", trafficType: "ALL", logDestinationType: "s3", logDestination: bucketArn("logs") });
                expect(flow.dependsOn).to.deep.equal(["aws:s3/bucketPolicy:BucketPolicy::data-logs-policy"]);
            });

            it("runs Aurora Serverless v2 PostgreSQL with the Data API, a managed secret, encryption and the protection of the stack", () => {
                const cluster = named("aws:rds/cluster:Cluster", "data-cluster").inputs;
                expect(cluster).to.deep.include({
                    clusterIdentifier: names.cluster(prefix),
                    engine: "aurora-postgresql",
                    engineMode: "provisioned",
                    engineVersion: "16.8",
                    databaseName: names.databaseName,
                    serverlessv2ScalingConfiguration: { minCapacity: want.minAcu, maxCapacity: want.maxAcu },
                    enableHttpEndpoint: true,
                    iamDatabaseAuthenticationEnabled: true,
                    manageMasterUserPassword: true,
                    masterUserSecretKmsKeyId: KEY_ARN,
                    storageEncrypted: true,
                    kmsKeyId: KEY_ARN,
                    backupRetentionPeriod: want.backupDays,
                    deletionProtection: want.protect,
                    skipFinalSnapshot: !want.protect,
                    enabledCloudwatchLogsExports: ["postgresql"],
                    copyTagsToSnapshot: true,
                    dbSubnetGroupName: `${prefix}-db`,
                    // The log group's name: the tag that orders the cluster after Observability's log group.
                    tags: { "portcullis:log-group": `/aws/rds/cluster/${names.cluster(prefix)}/postgresql` },
                });
                expect(cluster.masterPassword).to.equal(undefined);
                expect(cluster.finalSnapshotIdentifier).to.equal(want.protect ? `${names.cluster(prefix)}-final` : undefined);
            });

            it("runs one db.serverless writer plus the configured readers, private, with Performance Insights under the data key", () => {
                const instances = ofType("aws:rds/clusterInstance:ClusterInstance");
                expect(instances.map((i) => i.inputs.identifier)).to.deep.equal(Array.from({ length: want.instances }, (_, i) => `${names.cluster(prefix)}-${i + 1}`));
                instances.forEach((instance, i) => {
                    expect(instance.inputs, instance.name).to.deep.include({
                        clusterIdentifier: names.cluster(prefix),
                        instanceClass: "db.serverless",
                        engine: "aurora-postgresql",
                        publiclyAccessible: false,
                        autoMinorVersionUpgrade: true,
                        performanceInsightsEnabled: true,
                        performanceInsightsKmsKeyId: KEY_ARN,
                        promotionTier: i,
                    });
                    expect(instance.dependsOn, instance.name).to.deep.equal(i === 0 ? [] : ["aws:rds/clusterInstance:ClusterInstance::data-db-1"]);
                });
            });

            it("gives every bucket a full public access block, no ACLs, versioning and lifecycle rules, and forceDestroy only when unprotected", () => {
                const buckets = ofType("aws:s3/bucket:Bucket");
                expect(buckets.map((b) => [b.name, b.inputs.bucketPrefix, b.inputs.forceDestroy])).to.deep.equal(
                    ["assets", "private", "logs"].map((p) => [`data-${p}`, `${prefix}-${p}-`, !want.protect]),
                );
                for (const purpose of ["assets", "private", "logs"]) {
                    expect(settingOf("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", purpose)).to.deep.equal({
                        bucket: bucketId(purpose), blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true,
                    });
                    expect(settingOf("aws:s3/bucketOwnershipControls:BucketOwnershipControls", purpose).rule).to.deep.equal({ objectOwnership: "BucketOwnerEnforced" });
                    expect(settingOf("aws:s3/bucketVersioning:BucketVersioning", purpose).versioningConfiguration).to.deep.equal({ status: "Enabled" });
                    const rule = {
                        id: purpose === "logs" ? "expire-logs" : "expire-noncurrent-versions",
                        status: "Enabled",
                        filter: {},
                        noncurrentVersionExpiration: { noncurrentDays: want.noncurrentDays },
                        abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
                        ...(purpose === "logs" ? { expiration: { days: want.logDays } } : {}),
                    };
                    expect(settingOf("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", purpose).rules).to.deep.equal([rule]);
                }
            });

            it("lets the configured browser origins PUT to the assets bucket with the headers a presigned upload sends, and nothing else", () => {
                const cors = ofType("aws:s3/bucketCorsConfiguration:BucketCorsConfiguration");
                expect(cors.map((c) => c.inputs.bucket)).to.deep.equal([bucketId("assets")]);
                expect(cors[0].inputs.corsRules).to.deep.equal([{
                    id: "presigned-image-uploads",
                    allowedMethods: ["PUT"],
                    allowedOrigins: want.corsOrigins,
                    allowedHeaders: ["Content-Type", "Content-Length"],
                    exposeHeaders: ["ETag"],
                    maxAgeSeconds: 600,
                }]);
            });

            it("encrypts the assets and private buckets with the data key, and the logs bucket with SSE-S3 as S3 access logging requires", () => {
                for (const purpose of ["assets", "private"]) {
                    expect(settingOf("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", purpose).rules).to.deep.equal([
                        { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY_ARN }, bucketKeyEnabled: true },
                    ]);
                }
                expect(settingOf("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "logs").rules).to.deep.equal([
                    { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
                ]);
            });

            it("writes only the logs bucket's policy, and sends the other buckets' access logs there", () => {
                const policies = ofType("aws:s3/bucketPolicy:BucketPolicy");
                expect(policies.map((p) => p.inputs.bucket)).to.deep.equal([bucketId("logs")]);
                expect(policies[0].inputs.policy).to.equal(logsBucketPolicy(bucketArn("logs"), [bucketArn("assets"), bucketArn("private")], ACCOUNT, REGION));
                expect(ofType("aws:s3/bucketLogging:BucketLogging").map((l) => [l.inputs.bucket, l.inputs.targetBucket, l.inputs.targetPrefix, l.dependsOn])).to.deep.equal(
                    ["assets", "private"].map((p) => [bucketId(p), bucketId("logs"), `s3-access/${p}/`, ["aws:s3/bucketPolicy:BucketPolicy::data-logs-policy"]]),
                );
            });

            it("builds the migration function with exactly the database, secret and key permissions it needs", () => {
                const fn = named("aws:lambda/function:Function", "data-migrate-fn").inputs;
                expect(fn.name).to.equal(names.function(prefix, "migrate"));
                expect(fn).to.deep.include({ memorySize: 256, timeout: 300 });
                expect(fn.loggingConfig).to.deep.equal({
                    logFormat: "JSON", logGroup: names.functionLogGroup(prefix, "migrate"), applicationLogLevel: "INFO", systemLogLevel: "WARN",
                });
                const clusterArn = `arn:aws:rds:${REGION}:${ACCOUNT}:cluster:${names.cluster(prefix)}`;
                const secretArn = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:rds!${names.cluster(prefix)}-AbCdEf`;
                expect(fn.environment.variables).to.deep.equal({
                    DB_CLUSTER_ARN: clusterArn, DB_SECRET_ARN: secretArn, DB_NAME: names.databaseName, POWERTOOLS_SERVICE_NAME: "portcullis",
                });
                const statements: any[] = JSON.parse(named("aws:iam/rolePolicy:RolePolicy", "data-migrate-policy").inputs.policy).Statement;
                expect(statements.filter((s) => !["WriteOwnLogs", "WriteTraces"].includes(s.Sid))).to.deep.equal([
                    {
                        Effect: "Allow", Sid: "RunMigrations", Resource: [clusterArn],
                        // No BatchExecuteStatement: the migrator never sends it (tests/handlers/manifests.test.ts).
                        Action: ["rds-data:ExecuteStatement", "rds-data:BeginTransaction", "rds-data:CommitTransaction", "rds-data:RollbackTransaction"],
                    },
                    { Effect: "Allow", Sid: "ReadDatabaseSecret", Action: ["secretsmanager:GetSecretValue"], Resource: [secretArn] },
                    {
                        Effect: "Allow", Sid: "DecryptDatabaseSecret", Action: ["kms:Decrypt"], Resource: [KEY_ARN],
                        Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${REGION}.amazonaws.com` } },
                    },
                ]);
            });

            it("invokes the migration after the writer exists, again whenever the migration set changes", () => {
                const invocation = named("aws:lambda/invocation:Invocation", "data-migration");
                expect(invocation.inputs).to.deep.equal({ functionName: names.function(prefix, "migrate"), input: "{}", triggers: { migrations: migrationsHash(MIGRATIONS) } });
                expect(invocation.dependsOn).to.deep.equal(["aws:rds/clusterInstance:ClusterInstance::data-db-1"]);
            });

            it("exports the table and cluster it created", () => {
                expect(view.stack.outputs.tableName).to.equal(names.table(prefix));
                expect(view.stack.outputs.clusterArn).to.equal(`arn:aws:rds:${REGION}:${ACCOUNT}:cluster:${names.cluster(prefix)}`);
            });
        });
    }
});

describe("assets bucket CORS without browser origins", function () {
    it("has no CORS configuration at all when gateway.corsOrigins is empty", async () => {
        expect(assetsUploadCors([])).to.equal(undefined);
        const stack = await evaluateComponents(evaluateData({ gateway: { corsOrigins: [] } }));
        expect(stack.ofType("aws:s3/bucketCorsConfiguration:BucketCorsConfiguration")).to.deep.equal([]);
    });
});

describe("logsBucketPolicy", () => {
    const statements: any[] = JSON.parse(logsBucketPolicy("arn:aws:s3:::logs", ["arn:aws:s3:::a", "arn:aws:s3:::b"], "111122223333", "eu-west-1")).Statement;
    const sources = { "aws:SourceArn": ["arn:aws:logs:eu-west-1:111122223333:*", "arn:aws:logs:us-east-1:111122223333:*"] };

    it("denies every request without TLS", () => {
        expect(statements[0]).to.deep.equal({
            Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: ["arn:aws:s3:::logs", "arn:aws:s3:::logs/*"],
            Condition: { Bool: { "aws:SecureTransport": "false" } },
        });
    });

    it("lets vended-log delivery (CloudFront v2, VPC flow logs) of this account write under AWSLogs/<account>/ only", () => {
        expect(statements.slice(1, 3)).to.deep.equal([
            {
                Sid: "LogDeliveryWrites", Effect: "Allow", Principal: { Service: "delivery.logs.amazonaws.com" }, Action: "s3:PutObject",
                Resource: ["arn:aws:s3:::logs/AWSLogs/111122223333/*"],
                Condition: { StringEquals: { "aws:SourceAccount": "111122223333", "s3:x-amz-acl": "bucket-owner-full-control" }, ArnLike: sources },
            },
            {
                Sid: "LogDeliveryChecksBucket", Effect: "Allow", Principal: { Service: "delivery.logs.amazonaws.com" }, Action: ["s3:GetBucketAcl", "s3:ListBucket"],
                Resource: "arn:aws:s3:::logs", Condition: { StringEquals: { "aws:SourceAccount": "111122223333" }, ArnLike: sources },
            },
        ]);
    });

    it("lets S3 write server access logs of the named buckets only, under the access-log prefix", () => {
        expect(statements[3]).to.deep.equal({
            Sid: "S3ServerAccessLogsWrite", Effect: "Allow", Principal: { Service: "logging.s3.amazonaws.com" }, Action: "s3:PutObject",
            Resource: ["arn:aws:s3:::logs/s3-access/*"],
            Condition: { StringEquals: { "aws:SourceAccount": "111122223333" }, ArnLike: { "aws:SourceArn": ["arn:aws:s3:::a", "arn:aws:s3:::b"] } },
        });
        expect(statements).to.have.length(4);
    });
});

describe("migrationsHash", () => {
    const m = (id: string, checksum: string) => ({ id, checksum, statements: [] });

    it("changes when a migration is added or edited, not when nothing changes", () => {
        const base = migrationsHash([m("001_a", "x")]);
        expect(migrationsHash([m("001_a", "x")])).to.equal(base);
        expect(migrationsHash([m("001_a", "y")])).to.not.equal(base);
        expect(migrationsHash([m("001_a", "x"), m("002_b", "z")])).to.not.equal(base);
        expect(migrationsHash(MIGRATIONS)).to.match(/^[0-9a-f]{64}$/);
    });
});
