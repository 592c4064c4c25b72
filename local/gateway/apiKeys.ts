import type { ApiKeyBinding } from "./types";

/** The stage's API keys by value, as API Gateway looks up the `x-api-key` header (source HEADER). */
export class ApiKeys {
    private readonly byValue: ReadonlyMap<string, ApiKeyBinding>;

    constructor(keys: readonly ApiKeyBinding[]) {
        this.byValue = new Map(keys.map((k) => [k.value, k]));
    }

    /** The key bound to a usage plan for this value, or undefined (403 Forbidden). */
    find(value: string | undefined): ApiKeyBinding | undefined {
        return value === undefined ? undefined : this.byValue.get(value);
    }
}
