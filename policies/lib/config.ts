import { PolicyConfigSchema } from "@pulumi/policy";

/** Anything that exposes a policy's configuration, i.e. resource and stack validation args. */
export interface HasConfig {
    getConfig<T extends object>(): T;
}

/**
 * Returns the policy's configuration over its defaults.
 *
 * The Pulumi CLI fills in `configSchema` defaults before it hands config to the pack, but a pack run by an older
 * CLI, or by a test, may not; merging here keeps every rule correct either way.
 */
export function configOf<T extends object>(args: HasConfig, defaults: T): T {
    return Object.freeze({ ...defaults, ...args.getConfig<Partial<T>>() }) as T;
}

/** The configuration shared by every rule that only applies, or applies more strictly, in production. */
export interface ProductionConfig {
    /** Names of the stacks treated as production. Default `["prod"]`. */
    productionStacks: string[];
}

/** Default of {@link ProductionConfig}: only the stack named `prod` is production. */
export const PRODUCTION_DEFAULTS: ProductionConfig = Object.freeze({ productionStacks: ["prod"] });

/** The `configSchema` of a production-aware rule, with the documented default. */
export const PRODUCTION_SCHEMA: PolicyConfigSchema = {
    properties: {
        productionStacks: {
            type: "array",
            items: { type: "string" },
            default: PRODUCTION_DEFAULTS.productionStacks,
            description: "Names of the stacks that are production; stricter checks apply to them.",
        },
    },
};

/**
 * The stack a resource belongs to, read from its URN (`urn:pulumi:<stack>::<project>::<type>::<name>`);
 * undefined when the URN does not have that shape.
 */
export function stackOfUrn(urn: string): string | undefined {
    const match = /^urn:pulumi:([^:]+)::/.exec(urn);
    return match ? match[1] : undefined;
}

/** True when the resource with this URN belongs to one of the configured production stacks. */
export function isProduction(args: HasConfig, urn: string): boolean {
    const stack = stackOfUrn(urn);
    return stack !== undefined && configOf(args, PRODUCTION_DEFAULTS).productionStacks.includes(stack);
}
