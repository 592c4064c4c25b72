import { expect } from "chai";
import fc from "fast-check";
import { fuzzValue, rawBody } from "../../attack/fuzz/arbitraries";
import type { JsonSchema } from "../../contract/types";
import { startPostgres } from "../../local/standins/postgres";
import { startRdsDataApi } from "../../local/standins/rdsDataApi";
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

describe("fuzzing the Data API and Secrets Manager stand-ins with the contract's generators (fixed seed)", function () {
    this.timeout(60_000);
    let postgres: Awaited<ReturnType<typeof startPostgres>>;
    let dataApi: Awaited<ReturnType<typeof startRdsDataApi>>;
    let secrets: Awaited<ReturnType<typeof startSecretsManager>>;
    before(async () => {
        postgres = await startPostgres({});
        dataApi = await startRdsDataApi({ db: postgres.db, resourceArn: RESOURCE_ARN, secretArn: SECRET_ARN, statementTimeoutMs: 500 });
        secrets = await startSecretsManager({ secrets: { [SECRET_ARN]: "fuzz-secret" } });
    });
    after(async () => {
        await dataApi?.stop();
        await secrets?.stop();
        await postgres?.stop();
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

    it("both answer the malformed bodies the class was found with as the services do", async () => {
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
    });
});
