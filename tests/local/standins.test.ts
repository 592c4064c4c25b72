import { expect } from "chai";
import * as fsSync from "fs";
import * as fs from "fs/promises";
import * as os from "os";
import * as path from "path";
import {
    ConditionalCheckFailedException,
    CreateTableCommand,
    DynamoDBClient,
    GetItemCommand,
    PutItemCommand,
} from "@aws-sdk/client-dynamodb";
import { waitForTableActive } from "../../handlers/lib/catalogTable";
import { GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import {
    BadRequestException,
    BatchExecuteStatementCommand,
    BeginTransactionCommand,
    CommitTransactionCommand,
    ExecuteStatementCommand,
    ExecuteStatementCommandInput,
    HttpEndpointNotEnabledException,
    RDSDataClient,
    RollbackTransactionCommand,
    TransactionNotFoundException,
} from "@aws-sdk/client-rds-data";
import { startDynamo } from "../../local/standins/dynamodb";
import { localS3ClientConfig, startS3 } from "../../local/standins/s3";
import { pgliteSnapshotFile, startPostgres } from "../../local/standins/postgres";
import { startRdsDataApi } from "../../local/standins/rdsDataApi";
import { PausableServer } from "../../local/standins/server";

const credentials = { accessKeyId: "local", secretAccessKey: "local" };
// One attempt: a paused stand-in must fail the call at once, not after the SDK's retries and back-off.
const clientConfig = (endpoint: string) => ({ endpoint, region: "us-east-1", credentials, maxAttempts: 1 });

describe("local stand-ins", () => {
    describe("DynamoDB (dynalite)", () => {
        it("creates a table, writes, reads and rejects a failed conditional write", async () => {
            const dynamo = await startDynamo({});
            try {
                const client = new DynamoDBClient(clientConfig(dynamo.endpoint));
                await client.send(new CreateTableCommand({
                    TableName: "items",
                    AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
                    KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
                    BillingMode: "PAY_PER_REQUEST",
                }));
                await waitForTableActive(client, "items");
                await client.send(new PutItemCommand({ TableName: "items", Item: { pk: { S: "a" }, n: { N: "1" } } }));

                const got = await client.send(new GetItemCommand({ TableName: "items", Key: { pk: { S: "a" } } }));
                const conflicting = client.send(new PutItemCommand({
                    TableName: "items",
                    Item: { pk: { S: "a" }, n: { N: "2" } },
                    ConditionExpression: "attribute_not_exists(pk)",
                }));

                expect(got.Item).to.deep.equal({ pk: { S: "a" }, n: { N: "1" } });
                await expectRejection(conflicting, ConditionalCheckFailedException);
            } finally {
                await dynamo.stop();
            }
        });

        it("keeps tables in persistDir across a restart", async () => {
            const dir = await fs.mkdtemp(path.join(os.tmpdir(), "portcullis-dynamo-test-"));
            try {
                const first = await startDynamo({ persistDir: dir });
                const firstClient = new DynamoDBClient(clientConfig(first.endpoint));
                await firstClient.send(new CreateTableCommand({
                    TableName: "kept",
                    AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
                    KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
                    BillingMode: "PAY_PER_REQUEST",
                }));
                // dynalite marks a new table ACTIVE on a timer, as DynamoDB does: a write before then is refused
                // (ResourceNotFoundException), and stopping before then would lose the table.
                await waitForTableActive(firstClient, "kept");
                await firstClient.send(new PutItemCommand({ TableName: "kept", Item: { pk: { S: "x" } } }));
                await first.stop();

                const second = await startDynamo({ persistDir: dir });
                const got = await new DynamoDBClient(clientConfig(second.endpoint))
                    .send(new GetItemCommand({ TableName: "kept", Key: { pk: { S: "x" } } }));
                await second.stop();

                expect(got.Item).to.deep.equal({ pk: { S: "x" } });
            } finally {
                await fs.rm(dir, { recursive: true, force: true });
            }
        });

        it("refuses connections while paused and serves again after resume", async () => {
            const dynamo = await startDynamo({});
            try {
                const client = new DynamoDBClient(clientConfig(dynamo.endpoint));
                const get = () => client.send(new GetItemCommand({ TableName: "none", Key: { pk: { S: "a" } } }));

                const [whilePaused, afterResume] = await outageAndRecovery(dynamo, get);

                expect(whilePaused).to.equal("ECONNREFUSED");
                expect(afterResume).to.equal("ResourceNotFoundException");
            } finally {
                await dynamo.stop();
            }
        });
    });

    describe("S3 (s3rver)", () => {
        it("stores and returns an object, and accepts a presigned PUT sent with fetch", async () => {
            const s3 = await startS3({ buckets: ["assets"] });
            try {
                const client = new S3Client({ ...localS3ClientConfig(s3.endpoint), maxAttempts: 1 });
                await client.send(new PutObjectCommand({ Bucket: "assets", Key: "a.txt", Body: "hello" }));
                const url = await getSignedUrl(
                    client,
                    new PutObjectCommand({ Bucket: "assets", Key: "up.json", ContentType: "application/json" }),
                    { expiresIn: 60 },
                );

                const put = await fetch(url, { method: "PUT", body: '{"ok":true}', headers: { "content-type": "application/json" } });
                const plain = await client.send(new GetObjectCommand({ Bucket: "assets", Key: "a.txt" }));
                const uploaded = await client.send(new GetObjectCommand({ Bucket: "assets", Key: "up.json" }));

                expect(put.status).to.equal(200);
                expect(await plain.Body?.transformToString()).to.equal("hello");
                expect(await uploaded.Body?.transformToString()).to.equal('{"ok":true}');
                expect(uploaded.ContentType).to.equal("application/json");
            } finally {
                await s3.stop();
            }
        });

        it("rejects a presigned URL signed with an unknown access key", async () => {
            const s3 = await startS3({ buckets: ["assets"] });
            try {
                const stranger = new S3Client({
                    ...localS3ClientConfig(s3.endpoint),
                    credentials: { accessKeyId: "STRANGER", secretAccessKey: "nope" },
                });
                const url = await getSignedUrl(stranger, new PutObjectCommand({ Bucket: "assets", Key: "x" }), { expiresIn: 60 });

                const put = await fetch(url, { method: "PUT", body: "x" });

                expect(put.status).to.equal(403);
                expect(await put.text()).to.contain("<Code>InvalidAccessKeyId</Code>");
            } finally {
                await s3.stop();
            }
        });

        it("refuses connections while paused and serves again after resume", async () => {
            const s3 = await startS3({ buckets: ["assets"] });
            try {
                const client = new S3Client({ ...localS3ClientConfig(s3.endpoint), maxAttempts: 1 });
                const put = () => client.send(new PutObjectCommand({ Bucket: "assets", Key: "k", Body: "v" }));

                const [whilePaused, afterResume] = await outageAndRecovery(s3, put);

                expect(whilePaused).to.equal("ECONNREFUSED");
                expect(afterResume).to.equal("ok");
            } finally {
                await s3.stop();
            }
        });
    });

    describe("PGlite from the cached empty cluster", function () {
        this.timeout(120_000);

        it("writes the empty cluster on a start without it, and the next start begins from it, empty again", async () => {
            const file = pgliteSnapshotFile();
            fsSync.rmSync(file, { force: true });
            const first = await startPostgres({});
            try {
                expect(fsSync.statSync(file).size).to.be.above(1_000_000);
                await first.db.exec("CREATE TABLE written_after_the_snapshot (id int)");
            } finally {
                await first.stop();
            }
            const second = await startPostgres({});
            try {
                const tables = await second.db.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_tables WHERE tablename = 'written_after_the_snapshot'");
                expect(tables.rows).to.deep.equal([{ n: 0 }]);
                expect((await second.db.query<{ v: string }>("SELECT current_database() AS v")).rows).to.deep.equal([{ v: "postgres" }]);
            } finally {
                await second.stop();
            }
        });

        it("initializes a new cluster, and rewrites the cache, when the cached one is unreadable", async () => {
            const file = pgliteSnapshotFile();
            fsSync.writeFileSync(file, "not a tar");
            const warnings: string[] = [];
            const onWarning = (w: Error) => warnings.push(w.message);
            process.on("warning", onWarning);
            const db = await startPostgres({});
            try {
                expect((await db.db.query<{ x: number }>("SELECT 1 AS x")).rows).to.deep.equal([{ x: 1 }]);
                expect(fsSync.statSync(file).size).to.be.above(1_000_000);
                expect(warnings.filter((w) => w.includes(`the cached empty cluster ${file} did not load`))).to.have.length(1);
            } finally {
                await db.stop();
                process.off("warning", onWarning);
            }
        });
    });

    describe("RDS Data API over PGlite", () => {
        const resourceArn = "arn:aws:rds:us-east-1:123456789012:cluster:portcullis";
        const secretArn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:portcullis-db";
        let postgres: Awaited<ReturnType<typeof startPostgres>>;
        let api: Awaited<ReturnType<typeof startRdsDataApi>>;
        let client: RDSDataClient;
        const run = (input: Omit<ExecuteStatementCommandInput, "resourceArn" | "secretArn">) =>
            client.send(new ExecuteStatementCommand({ resourceArn, secretArn, database: "postgres", ...input }));

        before(async () => {
            postgres = await startPostgres({});
            api = await startRdsDataApi({ db: postgres.db, resourceArn, secretArn, statementTimeoutMs: 500 });
            client = new RDSDataClient(clientConfig(api.endpoint));
            await run({
                sql: `CREATE TABLE orders (
                    id uuid PRIMARY KEY, customer text NOT NULL, amount numeric(10,2), placed_at timestamp,
                    due date, details jsonb, quantity int, express boolean, weight float8, note text)`,
            });
        });

        after(async () => {
            await api.stop();
            await postgres.stop();
        });

        const order = (id: string, customer: string) => [
            { name: "id", value: { stringValue: id }, typeHint: "UUID" as const },
            { name: "customer", value: { stringValue: customer } },
            { name: "amount", value: { stringValue: "12.50" }, typeHint: "DECIMAL" as const },
            { name: "placed", value: { stringValue: "2024-03-01 10:20:30.123" }, typeHint: "TIMESTAMP" as const },
            { name: "due", value: { stringValue: "2024-03-15" }, typeHint: "DATE" as const },
            { name: "details", value: { stringValue: '{"gift": true}' }, typeHint: "JSON" as const },
            { name: "quantity", value: { longValue: 3 } },
            { name: "express", value: { booleanValue: true } },
            { name: "weight", value: { doubleValue: 1.5 } },
            { name: "note", value: { isNull: true } },
        ];
        const insertOrder =
            "INSERT INTO orders VALUES (:id, :customer, :amount, :placed, :due, :details, :quantity, :express, :weight, :note)";

        it("inserts with typed named parameters and reads back Field unions with metadata", async () => {
            const id = "00000000-0000-4000-8000-000000000001";

            const inserted = await run({ sql: insertOrder, parameters: order(id, "ada") });
            const selected = await run({
                sql: "SELECT id, customer, amount, placed_at, due, details, quantity, express, weight, note FROM orders WHERE id = :id",
                parameters: [{ name: "id", value: { stringValue: id }, typeHint: "UUID" }],
                includeResultMetadata: true,
            });

            expect(inserted.numberOfRecordsUpdated).to.equal(1);
            expect(selected.records).to.deep.equal([[
                { stringValue: id },
                { stringValue: "ada" },
                { stringValue: "12.50" },
                { stringValue: "2024-03-01 10:20:30.123" },
                { stringValue: "2024-03-15" },
                { stringValue: '{"gift": true}' },
                { longValue: 3 },
                { booleanValue: true },
                { doubleValue: 1.5 },
                { isNull: true },
            ]]);
            expect(selected.columnMetadata?.map((c) => [c.name, c.typeName])).to.deep.equal([
                ["id", "uuid"], ["customer", "text"], ["amount", "numeric"], ["placed_at", "timestamp"], ["due", "date"],
                ["details", "jsonb"], ["quantity", "int4"], ["express", "bool"], ["weight", "float8"], ["note", "text"],
            ]);
        });

        it("returns formattedRecords as JSON when asked, and not records", async () => {
            const id = "00000000-0000-4000-8000-000000000002";
            await run({ sql: insertOrder, parameters: order(id, "grace") });

            const result = await run({
                sql: "SELECT customer, quantity, express, note, 'a:b' AS literal, quantity::text AS cast FROM orders WHERE id = :id",
                parameters: [{ name: "id", value: { stringValue: id }, typeHint: "UUID" }],
                formatRecordsAs: "JSON",
            });

            expect(result.records).to.equal(undefined);
            expect(JSON.parse(result.formattedRecords ?? "")).to.deep.equal([
                { customer: "grace", quantity: 3, express: true, note: null, literal: "a:b", cast: "3" },
            ]);
        });

        it("commits a transaction and rolls another back", async () => {
            const count = async (customer: string) => {
                const result = await run({
                    sql: "SELECT count(*) AS n FROM orders WHERE customer = :c",
                    parameters: [{ name: "c", value: { stringValue: customer } }],
                });
                return result.records?.[0][0].longValue;
            };
            const committed = await client.send(new BeginTransactionCommand({ resourceArn, secretArn }));
            await run({ sql: insertOrder, parameters: order("00000000-0000-4000-8000-000000000003", "kept"), transactionId: committed.transactionId });
            const commit = await client.send(new CommitTransactionCommand({ resourceArn, secretArn, transactionId: committed.transactionId }));
            const rolledBack = await client.send(new BeginTransactionCommand({ resourceArn, secretArn }));
            await run({ sql: insertOrder, parameters: order("00000000-0000-4000-8000-000000000004", "gone"), transactionId: rolledBack.transactionId });
            const rollback = await client.send(new RollbackTransactionCommand({ resourceArn, secretArn, transactionId: rolledBack.transactionId }));

            expect(commit.transactionStatus).to.equal("Transaction Committed");
            expect(rollback.transactionStatus).to.equal("Rollback Complete");
            expect(await count("kept")).to.equal(1);
            expect(await count("gone")).to.equal(0);
            await expectRejection(
                client.send(new CommitTransactionCommand({ resourceArn, secretArn, transactionId: committed.transactionId })),
                TransactionNotFoundException,
            );
        });

        it("makes other callers wait for an open transaction and time out with StatementTimeoutException", async () => {
            const tx = await client.send(new BeginTransactionCommand({ resourceArn, secretArn }));
            try {
                const outside = await run({ sql: "SELECT 1" }).then(() => "ok", (err: Error) => err.name);

                expect(outside).to.equal("StatementTimeoutException");
            } finally {
                await client.send(new RollbackTransactionCommand({ resourceArn, secretArn, transactionId: tx.transactionId }));
            }
        });

        it("runs a batch atomically", async () => {
            const sql = "INSERT INTO orders (id, customer) VALUES (:id, :customer)";
            const set = (id: string) => [
                { name: "id", value: { stringValue: id }, typeHint: "UUID" as const },
                { name: "customer", value: { stringValue: "batch" } },
            ];

            const ok = await client.send(new BatchExecuteStatementCommand({
                resourceArn, secretArn, sql,
                parameterSets: [set("00000000-0000-4000-8000-0000000000b1"), set("00000000-0000-4000-8000-0000000000b2")],
            }));
            const duplicate = client.send(new BatchExecuteStatementCommand({
                resourceArn, secretArn, sql,
                parameterSets: [set("00000000-0000-4000-8000-0000000000b3"), set("00000000-0000-4000-8000-0000000000b1")],
            }));
            await expectRejection(duplicate, BadRequestException);
            const rows = await run({ sql: "SELECT count(*) FROM orders WHERE customer = 'batch'" });

            expect(ok.updateResults).to.have.length(2);
            expect(rows.records?.[0][0].longValue).to.equal(2);
        });

        it("reports SQL errors as BadRequestException with PostgreSQL's message", async () => {
            const id = "00000000-0000-4000-8000-000000000005";
            await run({ sql: insertOrder, parameters: order(id, "twice") });

            const error = await expectRejection(run({ sql: insertOrder, parameters: order(id, "twice") }), BadRequestException);
            const untyped = await expectRejection(
                run({ sql: "SELECT * FROM orders WHERE id = :id", parameters: [{ name: "id", value: { stringValue: id } }] }),
                BadRequestException,
            );

            expect(error.message).to.equal(
                'ERROR: duplicate key value violates unique constraint "orders_pkey"\n' +
                    `  Detail: Key (id)=(${id}) already exists.; SQLState: 23505`,
            );
            expect(untyped.message).to.match(/^ERROR: operator does not exist: uuid = character varying/);
        });

        it("rejects a wrong resourceArn, secretArn or database as AWS does", async () => {
            const wrongArn = "arn:aws:rds:us-east-1:123456789012:cluster:other";

            const cluster = await expectRejection(
                client.send(new ExecuteStatementCommand({ resourceArn: wrongArn, secretArn, sql: "SELECT 1" })),
                HttpEndpointNotEnabledException,
            );
            const secret = await expectRejection(
                client.send(new ExecuteStatementCommand({ resourceArn, secretArn: `${secretArn}-x`, sql: "SELECT 1" })),
                Error,
            );
            const database = await expectRejection(run({ sql: "SELECT 1", database: "nope" }), BadRequestException);

            expect(cluster.message).to.equal(`HttpEndpoint is not enabled for resource ${wrongArn}`);
            expect(secret.name).to.equal("SecretsErrorException");
            expect(database.message).to.equal('FATAL: database "nope" does not exist; SQLState: 3D000');
        });

        it("fails with a connection error while paused and recovers after resume", async () => {
            const [whilePaused, afterResume] = await outageAndRecovery(api, () => run({ sql: "SELECT 1" }));

            // Refused for a new connection, reset for the keep-alive socket the client held when the pause came.
            expect(whilePaused).to.be.oneOf(["ECONNREFUSED", "ECONNRESET"]);
            expect(afterResume).to.equal("ok");
        });
    });
});

/** Calls `call` while `standIn` is paused and again after resume; returns each outcome: "ok" or the error's code or name. */
async function outageAndRecovery(standIn: PausableServer, call: () => Promise<unknown>): Promise<[string, string]> {
    const outcome = () => call().then(() => "ok", (err: Error & { code?: string }) => err.code ?? err.name);
    await standIn.pause();
    const whilePaused = await outcome();
    await standIn.resume();
    return [whilePaused, await outcome()];
}

/** Awaits a promise expected to reject with `type`, and returns the error for further assertions. */
async function expectRejection<E extends Error>(promise: Promise<unknown>, type: new (...args: never[]) => E): Promise<E> {
    const outcome = await promise.then(
        () => undefined,
        (err: unknown) => err,
    );
    expect(outcome, "expected the call to fail").to.be.instanceOf(type);
    return outcome as E;
}
