import * as crypto from "crypto";
import type * as pulumi from "@pulumi/pulumi";

/** The account and region every mocked ARN uses. */
export const ACCOUNT = "123456789012";

/**
 * A real RSA key pair, so code that parses PEMs (signers, tests) works under mocks. Made on first use: local mode
 * imports this module for {@link ACCOUNT} on every start, and generating the key takes a noticeable while.
 */
let mockKey: crypto.KeyPairSyncResult<string, string> | undefined;
const MOCK_KEY = () => (mockKey ??= crypto.generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
}));

type State = Record<string, unknown>;

/** `aws:lambda/function:Function` to `lambda`, for ARNs. */
function service(type: string): string {
    return type.split(":")[1]?.split("/")[0] ?? "unknown";
}

/**
 * Outputs the cloud would compute, per resource type: enough for every `apply` in the program to run with
 * realistic values. Inputs are echoed back as state, as the engine does.
 */
function computedState(type: string, name: string, inputs: State, region: string): State {
    const physical = (inputs.name as string | undefined) ?? `${name}-mock`;
    const arn = `arn:aws:${service(type)}:${region}:${ACCOUNT}:${physical}`;
    switch (type) {
        case "aws:lambda/function:Function": {
            const fnArn = `arn:aws:lambda:${region}:${ACCOUNT}:function:${physical}`;
            return { arn: fnArn, name: physical, invokeArn: `arn:aws:apigateway:${region}:lambda:path/2015-03-31/functions/${fnArn}/invocations`, qualifiedArn: `${fnArn}:$LATEST` };
        }
        case "aws:iam/role:Role":
            return { arn: `arn:aws:iam::${ACCOUNT}:role/${physical}`, name: physical };
        case "aws:iam/policy:Policy":
            return { arn: `arn:aws:iam::${ACCOUNT}:policy/${physical}`, name: physical };
        case "aws:iam/openIdConnectProvider:OpenIdConnectProvider":
            return { arn: `arn:aws:iam::${ACCOUNT}:oidc-provider/${String(inputs.url).replace(/^https:\/\//, "")}` };
        case "aws:apigateway/restApi:RestApi":
            return { rootResourceId: "root123", executionArn: `arn:aws:execute-api:${region}:${ACCOUNT}:${name}-id`, arn: `arn:aws:apigateway:${region}::/restapis/${name}-id` };
        case "aws:apigateway/stage:Stage":
            return {
                arn: `arn:aws:apigateway:${region}::/restapis/api-id/stages/${inputs.stageName}`,
                invokeUrl: `https://api-id.execute-api.${region}.amazonaws.com/${inputs.stageName}`,
                executionArn: `arn:aws:execute-api:${region}:${ACCOUNT}:api-id/${inputs.stageName}`,
            };
        case "aws:apigateway/apiKey:ApiKey":
            return { arn, value: inputs.value ?? `mock-key-${name}` };
        case "aws:cloudfront/distribution:Distribution":
            return { arn: `arn:aws:cloudfront::${ACCOUNT}:distribution/E${name.length}MOCK`, domainName: `d${name.length}mock.cloudfront.net`, hostedZoneId: "Z2FDTNDATAQYW2" };
        case "aws:cloudfront/publicKey:PublicKey":
            return { arn, etag: "E1" };
        case "aws:s3/bucket:Bucket": {
            const bucket = (inputs.bucket as string | undefined) ?? `${name}-mock`;
            return { bucket, arn: `arn:aws:s3:::${bucket}`, bucketRegionalDomainName: `${bucket}.s3.${region}.amazonaws.com`, bucketDomainName: `${bucket}.s3.amazonaws.com` };
        }
        case "aws:dynamodb/table:Table":
            return { arn: `arn:aws:dynamodb:${region}:${ACCOUNT}:table/${physical}`, name: physical, streamArn: "" };
        case "aws:kms/key:Key":
            return { arn: `arn:aws:kms:${region}:${ACCOUNT}:key/${name}`, keyId: `${name}-key-id` };
        case "aws:rds/cluster:Cluster": {
            const id = (inputs.clusterIdentifier as string | undefined) ?? `${name}-mock`;
            return {
                arn: `arn:aws:rds:${region}:${ACCOUNT}:cluster:${id}`,
                clusterIdentifier: id,
                clusterResourceId: `cluster-${name}`,
                endpoint: `${id}.cluster-mock.${region}.rds.amazonaws.com`,
                readerEndpoint: `${id}.cluster-ro-mock.${region}.rds.amazonaws.com`,
                masterUserSecrets: [{ secretArn: `arn:aws:secretsmanager:${region}:${ACCOUNT}:secret:rds!${id}-AbCdEf`, kmsKeyId: "", secretStatus: "active" }],
            };
        }
        case "aws:cognito/userPool:UserPool":
            return { arn: `arn:aws:cognito-idp:${region}:${ACCOUNT}:userpool/${region}_Mock${name.length}`, endpoint: `cognito-idp.${region}.amazonaws.com/${region}_Mock${name.length}` };
        case "aws:cognito/userPoolClient:UserPoolClient":
            return { clientSecret: inputs.generateSecret ? `secret-${name}` : undefined };
        case "aws:secretsmanager/secret:Secret":
            return { arn: `arn:aws:secretsmanager:${region}:${ACCOUNT}:secret:${physical}-AbCdEf` };
        case "aws:wafv2/webAcl:WebAcl":
            return { arn: `arn:aws:wafv2:${region}:${ACCOUNT}:${String(inputs.scope).toLowerCase()}/webacl/${physical}/id`, capacity: 100 };
        case "aws:cloudwatch/logGroup:LogGroup":
            return { arn: `arn:aws:logs:${region}:${ACCOUNT}:log-group:${physical}` };
        case "aws:sns/topic:Topic":
            return { arn: `arn:aws:sns:${region}:${ACCOUNT}:${physical}` };
        case "aws:lambda/invocation:Invocation":
            return { result: JSON.stringify({ applied: [] }) };
        case "random:index/randomPassword:RandomPassword":
        case "random:index/randomString:RandomString":
            return { result: crypto.createHash("sha256").update(name).digest("hex").slice(0, Number(inputs.length ?? 32)) };
        case "random:index/randomId:RandomId":
            return { hex: crypto.createHash("sha256").update(name).digest("hex").slice(0, 8), b64Url: "bW9jaw" };
        case "tls:index/privateKey:PrivateKey":
            return { privateKeyPem: MOCK_KEY().privateKey, publicKeyPem: MOCK_KEY().publicKey, privateKeyPemPkcs8: MOCK_KEY().privateKey };
        case "awsx:ec2:Vpc": {
            const azs = Number((inputs.numberOfAvailabilityZones as number | undefined) ?? 3);
            const ids = (kind: string) => Array.from({ length: azs }, (_, i) => `subnet-${kind}-${i}`);
            return { vpcId: "vpc-mock", publicSubnetIds: ids("public"), privateSubnetIds: ids("private"), isolatedSubnetIds: ids("isolated"), subnets: [], vpc: {} };
        }
        default:
            return { arn };
    }
}

/** Answers to provider function calls (data sources) the program makes. */
function callResult(token: string, inputs: State, region: string): State {
    switch (token) {
        case "aws:index/getCallerIdentity:getCallerIdentity":
            return { accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/mock`, userId: "AIDAMOCK" };
        case "aws:index/getRegion:getRegion":
            return { name: region, region, id: region };
        case "aws:index/getPartition:getPartition":
            return { partition: "aws", dnsSuffix: "amazonaws.com" };
        case "aws:index/getAvailabilityZones:getAvailabilityZones":
            return { names: [`${region}a`, `${region}b`, `${region}c`], zoneIds: ["z1", "z2", "z3"] };
        case "aws:cloudfront/getCachePolicy:getCachePolicy":
        case "aws:cloudfront/getOriginRequestPolicy:getOriginRequestPolicy":
        case "aws:cloudfront/getResponseHeadersPolicy:getResponseHeadersPolicy":
            return { id: `managed-${String(inputs.name)}` };
        case "aws:iam/getPolicyDocument:getPolicyDocument":
            return { json: JSON.stringify({ Version: "2012-10-17", Statement: inputs.statements ?? [] }) };
        default:
            return {};
    }
}

/** Mocks that answer like AWS would, for every resource type and call the program uses. */
export function awsMocks(region: string): pulumi.runtime.Mocks {
    return {
        newResource(args: pulumi.runtime.MockResourceArgs) {
            const inputs = args.inputs as State;
            const id = (inputs.name as string | undefined) ?? `${args.name}-id`;
            return { id, state: { ...inputs, ...computedState(args.type, args.name, inputs, region) } };
        },
        call(args: pulumi.runtime.MockCallArgs) {
            return callResult(args.token, args.inputs as State, region);
        },
    };
}
