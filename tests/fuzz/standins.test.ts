import { expect } from "chai";
import fc from "fast-check";
import { fuzzValue, hostileString, rawBody } from "../../proof/attack/fuzz/arbitraries";
import type { JsonSchema } from "../../contract/types";
import { startDynamo } from "../../local/standins/dynamodb";
import { startPostgres } from "../../local/standins/postgres";
import { startRdsDataApi } from "../../local/standins/rdsDataApi";
import { startS3 } from "../../local/standins/s3";
import { startSecretsManager } from "../../local/standins/secretsManager";

const RESOURCE_ARN = "arn:aws:rds:eu-west-1:123456789012:cluster:fuzz";
const SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:fuzz";

/** A Data API SqlParameter as the service model describes it (the members the stand-in reads). */
const SQL_PARAMETER: JsonSchema = {
    type: "object",
    properties: {
        name: { type: "string", enum: ["a"] },
        value: { type: "object", properties: { stringValue: { type: "string" }, longValue: { type: "integer" }, isNull: { type: "boolean" } } },
        typeHint: { type: "string", enum: ["UUID", "DATE", "JSON", "TIMESTAMP"] },
    },
};
/** ExecuteStatement and BatchExecuteStatement requests; the transaction operations read a subset of it. */
const STATEMENT: JsonSchema = {
    type: "object",
    required: ["resourceArn", "secretArn", "sql"],
    properties: {
        resourceArn: { type: "string", enum: [RESOURCE_ARN] },
        secretArn: { type: "string", enum: [SECRET_ARN] },
        database: { type: "string", enum: ["postgres"] },
        sql: { type: "string", enum: ["SELECT CAST(:a AS text) AS a", "SELECT 1"] },
        parameters: { type: "array", items: SQL_PARAMETER },
        parameterSets: { type: "array", items: { type: "array", items: SQL_PARAMETER } },
        transactionId: { type: "string" },
        includeResultMetadata: { type: "boolean" },
        formatRecordsAs: { type: "string", enum: ["JSON", "NONE"] },
    },
};

/** What only a stand-in's own bug puts in an answer: stack frames, JavaScript exception names, its failure label. */
const OWN_FAILURE = /\bat [\w$.<>]+ \(|\bat (?:async )?[\w$./\\-]+:\d+:\d+|(?:Type|Reference|Syntax|Range)Error\b|stand-in failure/;

/** A 2xx, or a 4xx with the service's error type and message; never a 5xx or an exception's text. */
function expectServiceAnswer(status: number, text: string, errorType: string | null, body: string): void {
    expect(status, `${status} ${text} for ${body}`).to.be.below(500);
    expect(OWN_FAILURE.exec(text), `${text} for ${body}`).to.equal(null);
    if (status >= 400) {
        expect(errorType, `no x-amzn-errortype for ${body}`).to.be.a("string");
        expect(typeof JSON.parse(text).message, `${text} for ${body}`).to.equal("string");
    }
}

describe("fuzzing the data stand-ins (Data API, Secrets Manager, DynamoDB, S3) with the contract's generators (fixed seed)", function () {
    this.timeout(60_000);
    let postgres: Awaited<ReturnType<typeof startPostgres>>;
    let dataApi: Awaited<ReturnType<typeof startRdsDataApi>>;
    let secrets: Awaited<ReturnType<typeof startSecretsManager>>;
    let dynamo: Awaited<ReturnType<typeof startDynamo>>;
    let s3: Awaited<ReturnType<typeof startS3>>;
    before(async () => {
        dynamo = await startDynamo({});
        s3 = await startS3({ buckets: ["fuzz"] });
        postgres = await startPostgres({});
        dataApi = await startRdsDataApi({ db: postgres.db, resourceArn: RESOURCE_ARN, secretArn: SECRET_ARN, statementTimeoutMs: 500 });
        secrets = await startSecretsManager({ secrets: { [SECRET_ARN]: "fuzz-secret" } });
    });
    after(async () => {
        await dataApi?.stop();
        await secrets?.stop();
        await postgres?.stop();
        await dynamo?.stop();
        await s3?.stop();
    });

    it("Data API: any body to any operation answers 200 or a 400 with its error type, never 5xx (null, arrays, mistyped members)", async () => {
        const operation = fc.constantFrom("/Execute", "/BatchExecute", "/BeginTransaction", "/CommitTransaction", "/RollbackTransaction");
        const body = fc.oneof(fuzzValue(STATEMENT).map((v) => JSON.stringify(v) ?? "null"), rawBody);
        await fc.assert(fc.asyncProperty(operation, body, async (path, text) => {
            const res = await fetch(`${dataApi.endpoint}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: text });
            expectServiceAnswer(res.status, await res.text(), res.headers.get("x-amzn-errortype"), text);
        }), { seed: 1212, numRuns: 200 });
    });

    it("Secrets Manager: any GetSecretValue body answers 200 or a 400 with __type, never 5xx or a crash", async () => {
        const body = fc.oneof(fuzzValue({ type: "object", required: ["SecretId"], properties: { SecretId: { type: "string", enum: [SECRET_ARN] } } }).map((v) => JSON.stringify(v) ?? "null"), rawBody);
        await fc.assert(fc.asyncProperty(body, async (text) => {
            const res = await fetch(secrets.endpoint, {
                method: "POST",
                headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": "secretsmanager.GetSecretValue" },
                body: text,
            });
            const answer = await res.text();
            expectServiceAnswer(res.status, answer, res.headers.get("x-amzn-errortype"), text);
            if (res.status >= 400) expect(typeof JSON.parse(answer).__type).to.equal("string");
        }), { seed: 1212, numRuns: 150 });
    });

    it("DynamoDB: any JSON or raw body to any operation answers 200 or a 400 with __type, never 5xx or a crash", async () => {
        const operation = fc.constantFrom("GetItem", "PutItem", "Query", "Scan", "UpdateItem", "BatchWriteItem", "TransactWriteItems", "CreateTable");
        const body = fc.oneof(rawBody, fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)));
        await fc.assert(fc.asyncProperty(operation, body, async (op, text) => {
            const res = await fetch(dynamo.endpoint, {
                method: "POST",
                headers: {
                    "content-type": "application/x-amz-json-1.0",
                    "x-amz-target": `DynamoDB_20120810.${op}`,
                    "x-amz-date": "20260101T000000Z",
                    authorization: "AWS4-HMAC-SHA256 Credential=fuzz/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=00",
                },
                body: text,
            });
            const answer = await res.text();
            expect(res.status, `${answer} for ${text}`).to.be.below(500);
            if (res.status >= 400) expect(typeof JSON.parse(answer).__type, answer).to.equal("string");
        }), { seed: 1212, numRuns: 200 });
    });

    it("S3: any object key and body answers in S3's XML, never 500 or a crash (501 NotImplemented for what the stand-in lacks)", async () => {
        const method = fc.constantFrom("GET", "PUT", "POST", "DELETE", "HEAD");
        const key = hostileString.filter((k) => k.length > 0 && !/[\ud800-\udfff]/.test(k));
        await fc.assert(fc.asyncProperty(method, key, rawBody, async (m, k, text) => {
            const res = await fetch(`${s3.endpoint}/fuzz/${encodeURIComponent(k)}`, { method: m, body: m === "PUT" || m === "POST" ? text : undefined });
            const answer = await res.text();
            expect(res.status === 501 || res.status < 500, `${m} ${JSON.stringify(k)}: ${res.status} ${answer}`).to.equal(true);
            if (res.status >= 400 && m !== "HEAD") expect(answer, `${m} ${JSON.stringify(k)}`).to.match(/<Error><Code>\w+<\/Code>/);
        }), { seed: 1212, numRuns: 200 });
    });

    it("the stand-ins answer the malformed requests the class was found with as the services do", async () => {
        const execute = await fetch(`${dataApi.endpoint}/Execute`, { method: "POST", headers: { "content-type": "application/json" }, body: "null" });
        expect([execute.status, execute.headers.get("x-amzn-errortype"), await execute.json()]).to.deep.equal([400, "BadRequestException", { message: "The request body must be a JSON object." }]);
        const mistyped = await fetch(`${dataApi.endpoint}/Execute`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ resourceArn: RESOURCE_ARN, secretArn: SECRET_ARN, sql: "SELECT 1", parameters: "" }),
        });
        expect([mistyped.status, await mistyped.json()]).to.deep.equal([400, { message: "parameters must be of type array." }]);
        const secret = await fetch(secrets.endpoint, { method: "POST", headers: { "x-amz-target": "secretsmanager.GetSecretValue" }, body: "null" });
        expect([secret.status, await secret.json()]).to.deep.equal([400, { __type: "SerializationException", message: "The request body is not a JSON object." }]);
        const item = await fetch(dynamo.endpoint, { method: "POST", headers: { "content-type": "application/x-amz-json-1.0", "x-amz-target": "DynamoDB_20120810.GetItem" }, body: "null" });
        expect([item.status, await item.json()]).to.deep.equal([400, { __type: "com.amazon.coral.service#SerializationException" }]);
        const longKey = `fuzz/${"9".repeat(400)}`;
        const put = await fetch(`${s3.endpoint}/fuzz/${longKey}`, { method: "PUT", body: "x" });
        expect([put.status, await put.text()]).to.deep.equal([400, `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>InvalidArgument</Code><Message>The S3 stand-in cannot store a key with a NUL character or a part longer than 230 bytes between slashes.</Message></Error>`]);
        const get = await fetch(`${s3.endpoint}/fuzz/${longKey}`);
        expect([get.status, await get.text()]).to.deep.equal([404, `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>`]);
        const tooLong = await fetch(`${s3.endpoint}/fuzz/${"k/".repeat(600)}`, { method: "PUT", body: "x" });
        expect([tooLong.status, (await tooLong.text()).includes("<Code>KeyTooLongError</Code>")]).to.deep.equal([400, true]);
    });
});
