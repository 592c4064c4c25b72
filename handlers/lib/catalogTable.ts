import type { CreateTableCommandInput } from "@aws-sdk/client-dynamodb";

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
