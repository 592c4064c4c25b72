import { CreateTableCommand, DescribeTableCommand, type CreateTableCommandInput, type DynamoDBClient } from "@aws-sdk/client-dynamodb";

/**
 * The catalog table's key schema: generic string keys, so the item design (`handlers/lib/products.ts`) can grow
 * without a new table. The DataLayer creates the table from these names; local mode and the tests create the
 * same table in DynamoDB's stand-in with {@link catalogTableInput}.
 */
export const CATALOG_KEYS = { partition: "pk", sort: "sk" } as const;

/** The CreateTable request for the catalog table (on demand, the keys above). */
export function catalogTableInput(tableName: string): CreateTableCommandInput {
    return {
        TableName: tableName,
        AttributeDefinitions: [
            { AttributeName: CATALOG_KEYS.partition, AttributeType: "S" },
            { AttributeName: CATALOG_KEYS.sort, AttributeType: "S" },
        ],
        KeySchema: [
            { AttributeName: CATALOG_KEYS.partition, KeyType: "HASH" },
            { AttributeName: CATALOG_KEYS.sort, KeyType: "RANGE" },
        ],
        BillingMode: "PAY_PER_REQUEST",
    };
}

/**
 * Creates the catalog table in a DynamoDB stand-in and returns once DescribeTable reports it ACTIVE. The stand-in
 * finishes creating a table on a timer and records that in its store; stopping it before then (a quick
 * `--persist` run, a test) would lose the table.
 */
export async function createCatalogTable(client: DynamoDBClient, tableName: string): Promise<void> {
    await client.send(new CreateTableCommand(catalogTableInput(tableName)));
    await waitForTableActive(client, tableName);
}

/** Polls DescribeTable until the table is ACTIVE; throws after `timeoutMs`. */
export async function waitForTableActive(client: DynamoDBClient, tableName: string, timeoutMs = 5000): Promise<void> {
    for (const deadline = Date.now() + timeoutMs; ; ) {
        const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
        if (Table?.TableStatus === "ACTIVE") return;
        if (Date.now() > deadline) throw new Error(`Table ${tableName} is still ${Table?.TableStatus} after ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 20));
    }
}
