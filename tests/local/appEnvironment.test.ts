import { expect } from "chai";
import { LocalEnvironmentError, localEnvironment, programCoordinates, sharedEnvironment, type Coordinates, type LocalTargets } from "../../local/environment";
import { localFunctions, type StackFunction } from "../../local/functions";

const COORDINATES: Coordinates = {
    TABLE_NAME: "portcullis-dev-catalog",
    ASSETS_BUCKET: "data-assets-mock",
    PRIVATE_BUCKET: "data-private-mock",
    DB_CLUSTER_ARN: "arn:aws:rds:eu-west-1:123456789012:cluster:portcullis-dev-orders",
    DB_SECRET_ARN: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!portcullis-dev-orders-AbCdEf",
    DB_NAME: "portcullis",
    CURSOR_SECRET_ARN: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:portcullis-dev/data/cursor-key-AbCdEf",
    SIGNING_KEY_SECRET_ARN: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:portcullis-dev/edge/url-signing-key-AbCdEf",
    SIGNING_KEY_PAIR_ID: "edge-signing-key-id",
    USER_POOL_ID: "portcullis-dev-users",
    ALLOWED_CLIENT_IDS: "portcullis-dev-web,portcullis-dev-service",
};
const TARGETS: LocalTargets = {
    region: "eu-west-1",
    credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
    endpoints: { dynamodb: "http://127.0.0.1:1001", s3: "http://127.0.0.1:1002", rdsData: "http://127.0.0.1:1003", secretsManager: "http://127.0.0.1:1004" },
    urls: { ISSUER: "http://127.0.0.1:1005/portcullis-dev-users", JWKS_URL: "http://127.0.0.1:1005/portcullis-dev-users/.well-known/jwks.json", RECEIPTS_BASE_URL: "http://127.0.0.1:1006" },
    coordinates: COORDINATES,
};
const RUNTIME = {
    AWS_REGION: "eu-west-1",
    AWS_ACCESS_KEY_ID: "S3RVER",
    AWS_SECRET_ACCESS_KEY: "S3RVER",
    AWS_ENDPOINT_URL_DYNAMODB: "http://127.0.0.1:1001",
    AWS_ENDPOINT_URL_S3: "http://127.0.0.1:1002",
    AWS_ENDPOINT_URL_RDS_DATA: "http://127.0.0.1:1003",
    AWS_ENDPOINT_URL_SECRETS_MANAGER: "http://127.0.0.1:1004",
    S3_FORCE_PATH_STYLE: "true",
};
/** orderReceipt's environment as the dev stack sets it. */
const RECEIPT_ENV = {
    DB_CLUSTER_ARN: COORDINATES.DB_CLUSTER_ARN,
    DB_SECRET_ARN: COORDINATES.DB_SECRET_ARN,
    DB_NAME: "portcullis",
    SIGNING_KEY_SECRET_ARN: COORDINATES.SIGNING_KEY_SECRET_ARN,
    SIGNING_KEY_PAIR_ID: "edge-signing-key-id",
    RECEIPTS_BASE_URL: "https://api.dev.portcullis.example.com",
    RECEIPT_URL_TTL_SECONDS: "300",
    CORS_ORIGINS: "http://localhost:5173",
    LOG_LEVEL: "INFO",
};

describe("local mode: the program's function environments, pointed at this machine", () => {
    describe("localEnvironment", () => {
        it("keeps every value the program set but URLs, and adds the SDK's endpoints, region and credentials", () => {
            const env = localEnvironment(RECEIPT_ENV, TARGETS);
            expect(env).to.deep.equal({ ...RECEIPT_ENV, RECEIPTS_BASE_URL: "http://127.0.0.1:1006", ...RUNTIME });
        });

        it("replaces the issuer and the JWKS URL with the local identity provider's", () => {
            const program = { ISSUER: "https://cognito-idp.eu-west-1.amazonaws.com/portcullis-dev-users", JWKS_URL: "https://example.com/jwks", USER_POOL_ID: "portcullis-dev-users", ALLOWED_CLIENT_IDS: COORDINATES.ALLOWED_CLIENT_IDS };
            const env = localEnvironment(program, TARGETS);
            expect([env.ISSUER, env.JWKS_URL, env.USER_POOL_ID, env.ALLOWED_CLIENT_IDS]).to.deep.equal([TARGETS.urls.ISSUER, TARGETS.urls.JWKS_URL, "portcullis-dev-users", COORDINATES.ALLOWED_CLIENT_IDS]);
        });

        it("refuses an ARN or an AWS endpoint in a variable no stand-in answers to, naming each", () => {
            const program = { ...RECEIPT_ENV, TOPIC_ARN: "arn:aws:sns:eu-west-1:123456789012:orders", QUEUE_URL: "https://sqs.eu-west-1.amazonaws.com/123456789012/orders" };
            expect(() => localEnvironment(program, TARGETS)).to.throw(
                LocalEnvironmentError,
                "TOPIC_ARN=arn:aws:sns:eu-west-1:123456789012:orders names a resource no local stand-in serves; QUEUE_URL=https://sqs.eu-west-1.amazonaws.com/123456789012/orders names a resource no local stand-in serves",
            );
        });

        it("refuses a coordinate other than the one the stand-in was started with", () => {
            expect(() => localEnvironment({ TABLE_NAME: "portcullis-dev-other" }, TARGETS)).to.throw(LocalEnvironmentError, "TABLE_NAME=portcullis-dev-other, but the local stand-in serves portcullis-dev-catalog");
        });
    });

    describe("programCoordinates", () => {
        const everything = { ...RECEIPT_ENV, ...COORDINATES };

        it("reads each coordinate from the functions that name it", () => {
            const coordinates = programCoordinates({ a: { TABLE_NAME: COORDINATES.TABLE_NAME }, b: everything });
            expect(coordinates).to.deep.equal(COORDINATES);
        });

        it("refuses coordinates no function names, or that two functions name differently", () => {
            const { ASSETS_BUCKET: _dropped, ...withoutAssets } = everything;
            expect(() => programCoordinates({ a: withoutAssets, b: { TABLE_NAME: "other-table" } })).to.throw(
                LocalEnvironmentError,
                "functions disagree on TABLE_NAME: portcullis-dev-catalog vs other-table; no function names ASSETS_BUCKET",
            );
        });
    });

    describe("localFunctions", () => {
        it("fails start-up naming every function and variable local mode cannot serve", () => {
            const fn = (functionName: string, programEnv: Record<string, string>) => ({ name: "health", functionName, programEnv, pkg: undefined }) as unknown as StackFunction;
            const stack = [fn("portcullis-dev-health", { API_VERSION: "1.0.0" }), fn("portcullis-dev-a", { BUS_ARN: "arn:aws:events:eu-west-1:1:event-bus/x" }), fn("portcullis-dev-b", { DB_NAME: "other" })];
            expect(() => localFunctions(stack, TARGETS)).to.throw(
                LocalEnvironmentError,
                "Local mode cannot run the stack's functions as deployed (see local/environment.ts):\n" +
                    "  portcullis-dev-a: BUS_ARN=arn:aws:events:eu-west-1:1:event-bus/x names a resource no local stand-in serves\n" +
                    "  portcullis-dev-b: DB_NAME=other, but the local stand-in serves portcullis",
            );
        });
    });

    describe("sharedEnvironment", () => {
        it("keeps the variables every function that sets them agrees on, and drops the others", () => {
            const shared = sharedEnvironment([
                { TABLE_NAME: "t", POWERTOOLS_SERVICE_NAME: "portcullis-dev-catalogRead" },
                { TABLE_NAME: "t", DB_NAME: "portcullis", POWERTOOLS_SERVICE_NAME: "portcullis-dev-createOrder" },
            ]);
            expect(shared).to.deep.equal({ TABLE_NAME: "t", DB_NAME: "portcullis" });
        });
    });
});
