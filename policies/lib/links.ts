import { PolicyResource } from "@pulumi/policy";
import { known } from "./values";

/**
 * True when `from.props[field]` points at `to`.
 *
 * A reference is matched by the engine's record that `field` was computed from `to` (`propertyDependencies`),
 * or by value against the target's identifying outputs (`keys`, e.g. `arn` or `id`). Either proof is enough;
 * neither means "not linked". The dependency is tried first and values are read with `known`: during the first
 * `pulumi preview` of a stack a reference to a resource not created yet is the engine's unknown sentinel, and
 * reading it through the policy SDK's proxy throws, which would turn every link-based rule into a "can't run
 * during preview" advisory instead of a check.
 */
export function refersTo(from: PolicyResource, field: string, to: PolicyResource, keys: string[]): boolean {
    const deps = from.propertyDependencies[field] ?? [];
    if (deps.some((d) => d.urn === to.urn)) {
        return true;
    }
    const value = known(from.props, field);
    return typeof value === "string" && value !== "" && keys.some((k) => known(to.props, k) === value);
}

/** True when any of the values (e.g. `apiStages[].apiId`) equals one of the target's identifying outputs. */
export function matchesAny(values: unknown[], to: PolicyResource, keys: string[]): boolean {
    return values.some((v) => typeof v === "string" && v !== "" && keys.some((k) => known(to.props, k) === v));
}
