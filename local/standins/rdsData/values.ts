import { DataApiError } from "./errors";

/** A `Field` as it travels in JSON (blobs are base64 text there; the SDK turns them into `Uint8Array`). */
export interface WireField {
    isNull?: boolean;
    booleanValue?: boolean;
    longValue?: number;
    doubleValue?: number;
    stringValue?: string;
    blobValue?: string;
    arrayValue?: WireArrayValue;
}

/** An `ArrayValue` as it travels in JSON: exactly one member is set. */
export interface WireArrayValue {
    booleanValues?: boolean[];
    longValues?: number[];
    doubleValues?: number[];
    stringValues?: string[];
    arrayValues?: WireArrayValue[];
}

/** A `SqlParameter` as it travels in JSON. */
export interface WireSqlParameter {
    name?: string;
    value?: WireField;
    typeHint?: string;
}

/** The `resultSetOptions` of `ExecuteStatement`. */
export interface ResultSetOptions {
    decimalReturnType?: "STRING" | "DOUBLE_OR_LONG";
    longReturnType?: "STRING" | "LONG";
}

/** One bound parameter for PGlite: its text form (null for SQL NULL) and the type it is sent as. */
export interface PgParameter {
    readonly value: string | null;
    readonly oid: number;
}

/** PostgreSQL type OIDs used here, named after `pg_type.typname`. */
export const OID = {
    unknown: 0,
    bool: 16,
    bytea: 17,
    int8: 20,
    int2: 21,
    int4: 23,
    oid: 26,
    json: 114,
    float4: 700,
    float8: 701,
    varchar: 1043,
    date: 1082,
    time: 1083,
    timestamp: 1114,
    numeric: 1700,
    uuid: 2950,
} as const;

// The Data API binds a plain stringValue as VARCHAR; a typeHint is how a caller asks for another type, so a
// missing hint fails here exactly as on AWS ("column is of type uuid but expression is of type character varying").
const TYPE_HINT_OIDS: Record<string, number> = {
    DECIMAL: OID.numeric,
    TIMESTAMP: OID.timestamp,
    DATE: OID.date,
    TIME: OID.time,
    UUID: OID.uuid,
    JSON: OID.json,
};

/**
 * Converts one Data API parameter into the text and type PGlite binds.
 *
 * @param param - the parameter as sent by the client.
 */
export function toPgParameter(param: WireSqlParameter): PgParameter {
    const value = param.value;
    const hinted = param.typeHint === undefined ? undefined : TYPE_HINT_OIDS[param.typeHint];
    if (param.typeHint !== undefined && hinted === undefined) {
        throw new DataApiError("BadRequestException", `Invalid typeHint ${param.typeHint} for parameter ${param.name}.`);
    }
    if (value === undefined) throw new DataApiError("BadRequestException", `Parameter ${param.name} has no value.`);
    if (value.isNull) return { value: null, oid: hinted ?? OID.unknown };
    if (value.stringValue !== undefined) return { value: value.stringValue, oid: hinted ?? OID.varchar };
    if (value.longValue !== undefined) return { value: String(value.longValue), oid: OID.int8 };
    if (value.doubleValue !== undefined) return { value: String(value.doubleValue), oid: OID.float8 };
    if (value.booleanValue !== undefined) return { value: value.booleanValue ? "t" : "f", oid: OID.bool };
    if (value.blobValue !== undefined) {
        return { value: `\\x${Buffer.from(value.blobValue, "base64").toString("hex")}`, oid: OID.bytea };
    }
    if (value.arrayValue !== undefined) throw new DataApiError("BadRequestException", "Array parameters are not supported.");
    throw new DataApiError("BadRequestException", `Parameter ${param.name} has an empty value.`);
}

const LONG_OIDS = new Set<number>([OID.int2, OID.int4, OID.int8, OID.oid]);
const DOUBLE_OIDS = new Set<number>([OID.float4, OID.float8]);

/**
 * Converts one result column, read as PostgreSQL's text output, into the Data API's `Field`.
 *
 * @param text - the column's text form (null for SQL NULL), or a JS array for array columns.
 * @param oid - the column's type.
 * @param options - the request's `resultSetOptions`.
 */
export function toField(text: unknown, oid: number, options: ResultSetOptions = {}): WireField {
    if (text === null || text === undefined) return { isNull: true };
    if (Array.isArray(text)) return { arrayValue: toArrayValue(text) };
    const raw = String(text);
    if (LONG_OIDS.has(oid)) return options.longReturnType === "STRING" ? { stringValue: raw } : { longValue: Number(raw) };
    if (DOUBLE_OIDS.has(oid)) return { doubleValue: Number(raw) };
    if (oid === OID.bool) return { booleanValue: raw === "t" };
    if (oid === OID.bytea) return { blobValue: Buffer.from(raw.slice(2), "hex").toString("base64") };
    if (oid === OID.numeric && options.decimalReturnType === "DOUBLE_OR_LONG") {
        return /^-?\d+$/.test(raw) ? { longValue: Number(raw) } : { doubleValue: Number(raw) };
    }
    return { stringValue: raw };
}

function toArrayValue(items: unknown[]): WireArrayValue {
    if (items.some(Array.isArray)) return { arrayValues: items.map((item) => toArrayValue(item as unknown[])) };
    if (items.every((item) => typeof item === "boolean")) return { booleanValues: items as boolean[] };
    if (items.every((item) => typeof item === "number" && Number.isInteger(item))) return { longValues: items as number[] };
    if (items.every((item) => typeof item === "number")) return { doubleValues: items as number[] };
    return { stringValues: items.map(String) };
}

/** The plain JSON value of a field, as `formatRecordsAs: "JSON"` renders it in `formattedRecords`. */
export function toJsonValue(field: WireField): unknown {
    if (field.isNull) return null;
    if (field.arrayValue !== undefined) return arrayToJson(field.arrayValue);
    return field.booleanValue ?? field.longValue ?? field.doubleValue ?? field.stringValue ?? field.blobValue ?? null;
}

function arrayToJson(array: WireArrayValue): unknown[] {
    if (array.arrayValues) return array.arrayValues.map(arrayToJson);
    return array.booleanValues ?? array.longValues ?? array.doubleValues ?? array.stringValues ?? [];
}
