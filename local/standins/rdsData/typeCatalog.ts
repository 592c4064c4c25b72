import type { PGlite } from "@electric-sql/pglite";
import { OID } from "./values";

/** The Data API's `ColumnMetadata`, as this stand-in fills it. */
export interface ColumnMetadata {
    name: string;
    label: string;
    type: number;
    typeName: string;
    schemaName: string;
    tableName: string;
    isAutoIncrement: boolean;
    isSigned: boolean;
    isCurrency: boolean;
    isCaseSensitive: boolean;
    nullable: number;
    precision: number;
    scale: number;
    arrayBaseColumnType: number;
}

/** What the stand-in knows about the database's types, read once from `pg_type`. */
export interface TypeCatalog {
    /**
     * Parsers that keep every scalar column as PostgreSQL's own text output (which is what the Data API relays,
     * e.g. `2024-01-02 03:04:05.123` for a timestamp) and leave array columns to PGlite, which splits them.
     */
    readonly textParsers: Record<number, (value: string) => string>;
    /** Serializers that pass the parameter texts built by `toPgParameter` through unchanged. */
    readonly textSerializers: Record<number, (value: string) => string>;
    /** The metadata of one result column. */
    columnMetadata(name: string, oid: number): ColumnMetadata;
}

// java.sql.Types codes, because the Data API's `type` is the JDBC driver's column type.
const JDBC_TYPES: Record<string, number> = {
    bool: -7, int2: 5, int4: 4, int8: -5, oid: -5, float4: 7, float8: 8, numeric: 2, bpchar: 1, varchar: 12,
    text: 12, name: 12, date: 91, time: 92, timetz: 92, timestamp: 93, timestamptz: 93, bytea: -2,
};
const JDBC_OTHER = 1111;
const JDBC_ARRAY = 2003;
const PRECISION: Record<string, number> = { bool: 1, int2: 5, int4: 10, int8: 19, float4: 8, float8: 17 };
const SIGNED = new Set(["int2", "int4", "int8", "float4", "float8", "numeric"]);
const CASE_SENSITIVE = new Set(["varchar", "text", "bpchar", "name", "json", "jsonb", "uuid"]);

/**
 * Reads `pg_type` once. Types created later (enums, domains) fall back to text output and `OTHER` metadata.
 *
 * @param db - the database whose types are read.
 */
export async function loadTypeCatalog(db: PGlite): Promise<TypeCatalog> {
    const { rows } = await db.query<{ oid: number; typname: string; typcategory: string }>(
        "SELECT oid::int AS oid, typname, typcategory FROM pg_type",
    );
    const names = new Map<number, string>();
    const textParsers: Record<number, (value: string) => string> = {};
    const textSerializers: Record<number, (value: string) => string> = {};
    const identity = (value: string): string => value;
    for (const row of rows) {
        names.set(row.oid, row.typname);
        if (row.typcategory !== "A") textParsers[row.oid] = identity;
    }
    for (const oid of Object.values(OID)) textSerializers[oid] = identity;
    return {
        textParsers,
        textSerializers,
        columnMetadata(name, oid) {
            const typeName = names.get(oid) ?? "unknown";
            const isArray = typeName.startsWith("_");
            return {
                name,
                label: name,
                type: isArray ? JDBC_ARRAY : (JDBC_TYPES[typeName] ?? JDBC_OTHER),
                typeName,
                schemaName: "",
                tableName: "",
                isAutoIncrement: false,
                isSigned: SIGNED.has(typeName),
                isCurrency: typeName === "money",
                isCaseSensitive: CASE_SENSITIVE.has(typeName),
                // 2 is JDBC's columnNullableUnknown: a result column's nullability is not known from the wire.
                nullable: 2,
                precision: PRECISION[typeName] ?? 2147483647,
                scale: 0,
                arrayBaseColumnType: 0,
            };
        },
    };
}
