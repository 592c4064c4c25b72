import type { PGlite } from "@electric-sql/pglite";
import { DataApiError } from "./errors";
import { toPositional } from "./namedParameters";
import { ColumnMetadata, TypeCatalog } from "./typeCatalog";
import { ResultSetOptions, toField, toJsonValue, toPgParameter, WireField, WireSqlParameter } from "./values";

/** The statement part of an `ExecuteStatement` request. */
export interface StatementRequest {
    sql: string;
    parameters?: WireSqlParameter[];
    includeResultMetadata?: boolean;
    formatRecordsAs?: "NONE" | "JSON";
    resultSetOptions?: ResultSetOptions;
}

/** The body of an `ExecuteStatement` response. */
export interface StatementResponse {
    numberOfRecordsUpdated: number;
    records?: WireField[][];
    formattedRecords?: string;
    columnMetadata?: ColumnMetadata[];
    generatedFields?: WireField[];
}

/**
 * Runs one statement and shapes its result like the Data API.
 *
 * `numberOfRecordsUpdated` follows the JDBC driver behind the Data API: the row count of an INSERT, UPDATE or
 * DELETE, and 0 for any statement that returns rows, including one with `RETURNING`.
 *
 * @param db - the database, already reserved for this caller.
 * @param catalog - the type catalog of `db`.
 * @param request - the statement, its parameters and output options.
 */
export async function runStatement(db: PGlite, catalog: TypeCatalog, request: StatementRequest): Promise<StatementResponse> {
    const { text, names } = toPositional(request.sql);
    const params = bindParameters(names, request.parameters ?? []);
    const result = await db.query<unknown[]>(text, params.map((p) => p.value), {
        rowMode: "array",
        paramTypes: params.map((p) => p.oid),
        parsers: catalog.textParsers,
        serializers: catalog.textSerializers,
    });
    if (result.fields.length === 0) {
        return { numberOfRecordsUpdated: result.affectedRows ?? 0, generatedFields: [] };
    }
    const records = result.rows.map((row) =>
        result.fields.map((field, i) => toField(row[i], field.dataTypeID, request.resultSetOptions)),
    );
    const response: StatementResponse = { numberOfRecordsUpdated: 0 };
    if (request.formatRecordsAs === "JSON") {
        const objects = records.map((row) =>
            Object.fromEntries(result.fields.map((field, i) => [field.name, toJsonValue(row[i])])),
        );
        response.formattedRecords = JSON.stringify(objects);
    } else {
        response.records = records;
    }
    if (request.includeResultMetadata) {
        response.columnMetadata = result.fields.map((field) => catalog.columnMetadata(field.name, field.dataTypeID));
    }
    return response;
}

function bindParameters(names: readonly string[], parameters: WireSqlParameter[]) {
    const byName = new Map(parameters.map((p) => [p.name, p]));
    return names.map((name) => {
        const param = byName.get(name);
        if (!param) throw new DataApiError("BadRequestException", `No value specified for parameter :${name}.`);
        return toPgParameter(param);
    });
}
