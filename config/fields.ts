import { rangeText, type Reader } from "./reader";

/** How a key is written in a stack file; the scalar kinds are the ones Pulumi's project config can type. */
export type FieldKind = "integer" | "number" | "boolean" | "string" | "list" | "object";

/** A default, or one computed from the stack name (e.g. `portcullis-<stack>`). */
export type FieldDefault<T> = T | ((stack: string) => T);

/**
 * One config key: what it means, what it accepts, its default and how to read it. The parser, the README's table
 * and `Pulumi.yaml`'s typed declarations are all read from these, so each fact about a key is written once.
 */
export interface Field<T> {
    readonly kind: FieldKind;
    /** What the key means, in the README's words. */
    readonly description: string;
    /** What a value must be, as the error for a bad one says it (e.g. `a whole number from 1 to 900`). */
    readonly allowed: string;
    /** True when a stack must set the key: there is no default. */
    readonly required: boolean;
    readonly default?: FieldDefault<T>;
    /** The README's text for the default when the value itself does not say it well (e.g. `portcullis-<stack>`). */
    readonly shownDefault?: string;
    /** Read with `getSecret` and kept an Output marked secret from there on. */
    readonly secret?: boolean;
    /** Reads a raw value, recording a problem on `r` for a bad one; `fallback` is the default (undefined: required). */
    read(r: Reader, key: string, value: unknown, fallback: T | undefined): T;
}

/** One {@link Field} per key of a config section's typed shape: a key missing from the table does not compile. */
export type Fields<C> = { readonly [K in keyof Required<C>]: Field<C[K]> };

/** The documentation of a key; a key without `default` is required. */
export interface FieldDoc<T> {
    description: string;
    default?: FieldDefault<T>;
    shownDefault?: string;
    secret?: boolean;
}

/** A key whose reading is its own code (objects, lists of objects); `allowed` states what it accepts. */
export function custom<T>(kind: FieldKind, allowed: string, doc: FieldDoc<T>, read: Field<T>["read"]): Field<T> {
    return { kind, allowed, required: !("default" in doc), ...doc, read };
}

export function wholeNumber(min: number, max: number, doc: FieldDoc<number>): Field<number> {
    return custom("integer", rangeText(min, max, true), doc, (r, key, value, fallback) => r.number(key, value, fallback, min, max));
}

export function decimal(min: number, max: number, doc: FieldDoc<number>): Field<number> {
    return custom("number", rangeText(min, max, false), doc, (r, key, value, fallback) => r.number(key, value, fallback, min, max, false));
}

export function flag(doc: FieldDoc<boolean> & { default: boolean }): Field<boolean> {
    return custom("boolean", "true or false", doc, (r, key, value, fallback) => r.boolean(key, value, fallback ?? false));
}

export function oneOf<T extends string | number>(values: readonly T[], doc: FieldDoc<T>): Field<T> {
    const kind = typeof values[0] === "number" ? "integer" : "string";
    return custom(kind, `one of ${values.join(", ")}`, doc, (r, key, value, fallback) => r.oneOf(key, value, values, fallback));
}

/** A string matching `pattern`; `expected` says what that is in words, for errors and the README. */
export function text(pattern: RegExp, expected: string, doc: FieldDoc<string>): Field<string> {
    return custom("string", expected, doc, (r, key, value, fallback) => r.string(key, value, fallback, pattern, expected));
}

/** A list of strings, each matching `pattern`. */
export function texts(pattern: RegExp, expected: string, doc: FieldDoc<string[]>): Field<string[]> {
    return custom("list", `a list, each ${expected}`, doc, (r, key, value, fallback) =>
        r.list(key, value, fallback ?? [], (itemKey, item) => r.string(itemKey, item, undefined, pattern, expected)),
    );
}

/** The default of `field` for `stack`, or undefined when the key is required. */
export function defaultOf<T>(field: Field<T>, stack: string): T | undefined {
    return typeof field.default === "function" ? (field.default as (stack: string) => T)(stack) : field.default;
}

/** Reads one section: its object, its known keys, then every field in table order. */
export function readFields<C>(r: Reader, key: string, value: unknown, fields: Fields<C>, stack: string): C {
    const raw = r.object(key, value);
    r.known(key, raw, Object.keys(fields));
    const section: Record<string, unknown> = {};
    for (const [name, field] of Object.entries(fields) as [string, Field<unknown>][]) {
        section[name] = field.read(r, `${key}.${name}`, raw[name], defaultOf(field, stack));
    }
    return section as C;
}
