import { expect } from "chai";
import * as path from "path";
import { FunctionKey, MANIFESTS } from "../../handlers";
import { COMMON_ENV, IAM_PREFIX_OF_CLIENT } from "../../handlers/manifest";
import { reachOf } from "./reach";

/** Variables the Lambda runtime sets itself (read by the logger and the tracing module), never by the stack. */
const RUNTIME_ENV = ["_X_AMZN_TRACE_ID", "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_LOG_LEVEL", "AWS_XRAY_DAEMON_ADDRESS", "AWS_REGION"];
const FUNCTIONS = Object.keys(MANIFESTS) as FunctionKey[];
const fileOf = (name: FunctionKey) => path.resolve(__dirname, "..", "..", "handlers", `${name}.ts`);
/** IAM services whose every action is an SDK command the code sends (KMS is used by the services on the role's behalf). */
const COMMAND_SERVICES = new Set(Object.values(IAM_PREFIX_OF_CLIENT));

describe("function manifests agree with their handlers' code (static check)", function () {
    // Type-checking the handlers takes a few seconds on a loaded machine.
    this.timeout(120_000);
    const files = FUNCTIONS.map(fileOf);

    for (const name of FUNCTIONS) {
        it(`${name}: requires exactly the manifest's variables, calls only the AWS actions it grants (all of them) and answers exactly its error codes`, () => {
            const manifest = MANIFESTS[name];
            const reach = reachOf(fileOf(name), files);
            const declared = new Set([...manifest.env, ...(manifest.optionalEnv ?? []), ...COMMON_ENV, ...RUNTIME_ENV]);
            const granted = new Set(manifest.grants.flatMap((g) => g.actions));
            const sentByCode = new Set(manifest.grants.filter((g) => g.calledBy === undefined).flatMap((g) => g.actions));

            expect([...reach.required].sort(), "requireEnv names vs manifest env").to.deep.equal([...manifest.env].sort());
            expect([...reach.optional].filter((v) => !declared.has(v)), "variables read but not declared").to.deep.equal([]);
            expect([...(manifest.optionalEnv ?? [])].filter((v) => !reach.optional.has(v)), "optional variables declared but never read").to.deep.equal([]);
            expect([...reach.actions].filter((a) => !granted.has(a)).sort(), "SDK commands the manifest does not grant").to.deep.equal([]);
            const unused = [...sentByCode].filter((a) => COMMAND_SERVICES.has(a.split(":")[0]) && !reach.actions.has(a));
            expect(unused.sort(), "granted actions no code path sends (least privilege)").to.deep.equal([]);
            expect([...reach.errorCodes].sort(), "error codes the code can answer vs manifest errors").to.deep.equal([...(manifest.errors ?? [])].sort());
        });
    }

    it("charges each handler only what its code path reaches: catalogRead GetItem, Query and its cursor key, not the store's writes", () => {
        const reach = reachOf(fileOf("catalogRead"), files);
        expect([...reach.actions].sort()).to.deep.equal(["dynamodb:GetItem", "dynamodb:Query", "secretsmanager:GetSecretValue"]);
        expect([...reach.required]).to.deep.equal(["TABLE_NAME", "CURSOR_SECRET_ARN"]);
        // createOrder reaches the transaction commands through OrderStore and the Data API client.
        expect([...reachOf(fileOf("createOrder"), files).actions]).to.include.members(["rds-data:BeginTransaction", "s3:PutObject", "dynamodb:UpdateItem"]);
    });

    it("finds the codes an error class fixes itself and the ones a handler passes: catalogWrite answers PreconditionFailed and InvalidIfMatch, not OutOfStock", () => {
        const codes = reachOf(fileOf("catalogWrite"), files).errorCodes;
        expect([...codes]).to.include.members(["PreconditionFailed", "InvalidIfMatch", "NotFound", "InternalError"]);
        expect([...codes]).to.not.include("OutOfStock");
    });
});

describe("SecureFunction refuses an environment or grant that disagrees with the manifest, before creating anything", () => {
    it("names a required variable the component does not set and one the code never reads", () => {
        const { environmentProblems } = require("../../components/secureFunction") as typeof import("../../components/secureFunction");
        expect(environmentProblems(MANIFESTS.readOrders, { DB_CLUSTER_ARN: "a", DB_NAME: "d", CURSOR_SECRET_ARN: "c", TABLE_NAME: "t", LOG_LEVEL: "INFO" })).to.deep.equal([
            "environment lacks DB_SECRET_ARN, which the handler requires",
            `environment sets TABLE_NAME, which the handler never reads (allowed: DB_CLUSTER_ARN, DB_SECRET_ARN, DB_NAME, CURSOR_SECRET_ARN, ${COMMON_ENV.join(", ")})`,
        ]);
        expect(environmentProblems(MANIFESTS.orderReceipt, { DB_CLUSTER_ARN: "a", DB_SECRET_ARN: "s", DB_NAME: "d", SIGNING_KEY_SECRET_ARN: "k", SIGNING_KEY_PAIR_ID: "K", RECEIPTS_BASE_URL: "u", RECEIPT_URL_TTL_SECONDS: "300" })).to.deep.equal([]);
    });
});
