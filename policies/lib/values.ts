/**
 * Small readers for resource properties. Props arrive as plain JSON-like values, and values computed by the
 * provider may be missing during preview, so every reader tolerates undefined and wrong shapes instead of throwing.
 */

/** The value as an array, or an empty array when it is missing or not an array. */
export function asArray<T = unknown>(value: unknown): T[] {
    return Array.isArray(value) ? (value as T[]) : [];
}

/** The value as a record, or an empty record when it is missing or not an object. */
export function asRecord(value: unknown): Record<string, unknown> {
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** One or many strings as an array of strings (IAM documents allow both forms). */
export function asStrings(value: unknown): string[] {
    if (typeof value === "string") {
        return [value];
    }
    return asArray(value).filter((v): v is string => typeof v === "string");
}

/** Parses a JSON document given as a string, or returns an object given as is; undefined when unparsable. */
export function parseDocument(value: unknown): Record<string, unknown> | undefined {
    if (typeof value === "string") {
        try {
            const parsed: unknown = JSON.parse(value);
            return parsed !== null && typeof parsed === "object" ? (parsed as Record<string, unknown>) : undefined;
        } catch {
            return undefined;
        }
    }
    return value !== null && typeof value === "object" ? (value as Record<string, unknown>) : undefined;
}

/**
 * True when `record[key]` is set to a non-empty value, or is a value the engine does not know yet.
 *
 * During `pulumi preview` a reference to a resource not created yet (a key ARN, a log group, a web ACL) is
 * unknown and reading it throws. For a rule that only asks "is it set?", an unknown reference will be set, so it
 * counts as present instead of turning the whole rule into a "can't run during preview" advisory.
 */
export function present(record: object, key: string): boolean {
    try {
        const value: unknown = (record as Record<string, unknown>)[key];
        return value !== undefined && value !== null && value !== "" && !(Array.isArray(value) && value.length === 0);
    } catch (e) {
        if (e instanceof Error && e.constructor.name === "UnknownValueError") {
            return true;
        }
        throw e;
    }
}

/**
 * `record[key]`, or undefined when the value is missing or the engine does not know it yet. For rules that check
 * a value's content: an unknown value (during `pulumi preview`) is checked by the service at `up`, so it is
 * skipped instead of crashing the rule or turning it into a "can't run during preview" advisory.
 */
export function known(record: unknown, key: string | number): unknown {
    if (record === null || typeof record !== "object") {
        return undefined;
    }
    try {
        return (record as Record<string | number, unknown>)[key];
    } catch (e) {
        if (e instanceof Error && e.constructor.name === "UnknownValueError") {
            return undefined;
        }
        throw e;
    }
}
