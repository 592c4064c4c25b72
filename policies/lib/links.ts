import { PolicyResource } from "@pulumi/policy";

/**
 * True when `from.props[field]` points at `to`.
 *
 * A reference is matched by value against the target's identifying outputs (`keys`, e.g. `arn` or `id`), or, when
 * the value is not known (preview, mocks without computed outputs), by the engine's record that `field` was
 * computed from `to` (`propertyDependencies`). Either proof is enough; neither means "not linked".
 */
export function refersTo(from: PolicyResource, field: string, to: PolicyResource, keys: string[]): boolean {
    const value: unknown = from.props[field];
    if (typeof value === "string" && value !== "" && keys.some((k) => to.props[k] === value)) {
        return true;
    }
    const deps = from.propertyDependencies[field] ?? [];
    return deps.some((d) => d.urn === to.urn);
}

/** True when any of the values (e.g. `apiStages[].apiId`) equals one of the target's identifying outputs. */
export function matchesAny(values: unknown[], to: PolicyResource, keys: string[]): boolean {
    return values.some((v) => typeof v === "string" && v !== "" && keys.some((k) => to.props[k] === v));
}
