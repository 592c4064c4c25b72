import { expect } from "chai";
import * as http from "http";
import type { AddressInfo } from "net";
import { DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { loadFunctionPackage } from "../../../harness/packages";
import { startSecretsManager } from "../../../local/standins/secretsManager";
import { boundCalls, clientConfig, STORE_CALLS, storeCallBudgetMs } from "../../../handlers/lib/aws";
import { loadStackConfig } from "../../../config";
import { DEPLOY_RULES } from "../../../config/deployRules";
import { DATA_LAYER_DEFAULTS } from "../../../components/dataLayer";
import { ALICE, BASE_ENV, call, CLUSTER_ARN, CURSOR_SECRET_ARN, DB_SECRET_ARN, errorCode, ProxyHandler } from "../support";

/** A store that accepts connections and never answers: the slow store a timeout exists for. */
async function startStalledStore(): Promise<{ endpoint: string; requests: () => number; stop(): Promise<void> }> {
    let requests = 0;
    const server = http.createServer(() => {
        requests++;
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    return {
        endpoint: `http://127.0.0.1:${port}`,
        requests: () => requests,
        stop: () => new Promise<void>((resolve) => {
            server.closeAllConnections();
            server.close(() => resolve());
        }),
    };
}

describe("handlers/lib/aws: store calls end inside their budget", function () {
    // The slow-store cases wait out real budgets (3.5 s and 6.5 s).
    this.timeout(20_000);
    let store: Awaited<ReturnType<typeof startStalledStore>>;
    beforeEach(async () => (store = await startStalledStore()));
    afterEach(async () => store.stop());

    it("budgets attempts x per-attempt timeout plus the retry allowance", () => {
        expect(STORE_CALLS.maxAttempts).to.equal(2);
        expect(storeCallBudgetMs("default")).to.equal(2 * 1_500 + 500);
        expect(storeCallBudgetMs("dataApi")).to.equal(2 * 3_000 + 500);
        expect(clientConfig("dataApi").requestHandler).to.deep.equal({ connectionTimeout: 1_000, requestTimeout: 3_000, throwOnRequestTimeout: true });
    });

    it("gives a migration statement a budget that fits the migration function's own timeout", () => {
        expect(storeCallBudgetMs("migration")).to.equal(2 * 60_000 + 500);
        expect(storeCallBudgetMs("migration") + DEPLOY_RULES.answerMarginMs).to.be.below(DATA_LAYER_DEFAULTS.migrationTimeoutSeconds * 1000);
    });

    it("answers a stalled Data API with the designed 503 after both attempts, before either stack's Lambda timeout", async () => {
        // The cursor key comes from a live Secrets Manager, so only the Data API is stalled.
        const secrets = await startSecretsManager({ secrets: { [CURSOR_SECRET_ARN]: "k".repeat(64) } });
        const env = { ...BASE_ENV, AWS_ENDPOINT_URL_RDS_DATA: store.endpoint, AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.endpoint, DB_CLUSTER_ARN: CLUSTER_ARN, DB_SECRET_ARN, DB_NAME: "postgres", CURSOR_SECRET_ARN };
        const read = await loadFunctionPackage<ProxyHandler>("readOrders", env);
        const started = Date.now();
        const response = await call(read, { method: "GET", resource: "/v1/orders", caller: ALICE });
        const elapsed = Date.now() - started;
        await secrets.stop();

        expect([response.status, errorCode(response)]).to.deep.equal([503, "ServiceUnavailable"]);
        expect(store.requests()).to.equal(STORE_CALLS.maxAttempts);
        expect(elapsed).to.be.at.least(STORE_CALLS.maxAttempts * STORE_CALLS.dataApiRequestTimeoutMs - 50);
        // Slack for a loaded machine's timers; the bound that matters is the Lambda timeout below.
        expect(elapsed).to.be.at.most(storeCallBudgetMs("dataApi") + 1000);
        for (const stack of ["dev", "prod"]) expect(elapsed, stack).to.be.below(loadStackConfig(stack).lambda.timeoutSeconds * 1000);
    });

    it("ends the whole call at its budget even when the client would wait longer per attempt", async () => {
        const client = boundCalls(new DynamoDBClient({
            region: "us-east-1",
            endpoint: store.endpoint,
            credentials: { accessKeyId: "x", secretAccessKey: "x" },
            maxAttempts: 1,
            requestHandler: { requestTimeout: 60_000, throwOnRequestTimeout: true },
        }), "default");
        const started = Date.now();
        const error = await client.send(new ListTablesCommand({})).then(() => undefined, (e: Error) => e);
        const elapsed = Date.now() - started;

        expect(error?.name).to.equal("TimeoutError");
        expect(error?.message).to.equal(`A store call took longer than its ${storeCallBudgetMs("default")} ms budget`);
        expect(elapsed).to.be.within(storeCallBudgetMs("default") - 50, storeCallBudgetMs("default") + 1000);
    });
});
