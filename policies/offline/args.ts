/**
 * Builds the arguments `@pulumi/policy` hands to rules (see its server.js: `makeAnalyzeRpcFun` and
 * `makeAnalyzeStackRpcFun`) from offline resources, so the same rule code runs unchanged.
 */
import { PolicyProviderResource, PolicyResource, PolicyResourceOptions } from "@pulumi/policy";
import { OfflineResource } from "./types";

/** The parts of @pulumi/policy's internal proxy module the engine uses (it ships no public typings). */
interface ProxyModule {
    unknownCheckingProxy<T>(value: T): T;
    UnknownValueError: new (...args: never[]) => Error;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const proxy = require("@pulumi/policy/proxy") as ProxyModule;

/** The error the real engine turns into a "can't run during preview" advisory. */
export const UnknownValueError = proxy.UnknownValueError;

/** The signature Pulumi puts on a serialized secret, and the key of that signature. */
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** Replaces serialized secrets by their plain value, as the real engine deserializes with `keepSecrets = false`. */
export function unwrapSecrets(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map(unwrapSecrets);
    }
    if (value !== null && typeof value === "object") {
        const record = value as Record<string, unknown>;
        if (record[SIG_KEY] === SECRET_SIG) {
            return unwrapSecrets(record["value"]);
        }
        return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, unwrapSecrets(v)]));
    }
    return value;
}

/**
 * The props as rules receive them: secrets unwrapped, unknown sentinels throwing on read. Resource rules get the
 * inputs, stack rules the outputs when there are any (`stage = "stack"`).
 */
export function propsOf(resource: OfflineResource, stage: "resource" | "stack" = "resource"): Record<string, unknown> {
    const props = stage === "stack" ? resource.outputs ?? resource.props : resource.props;
    return proxy.unknownCheckingProxy(unwrapSecrets(props ?? {}) as Record<string, unknown>);
}

/** The resource's URN, built like Pulumi's when it is not given. */
export function urnOf(resource: OfflineResource, stack: string, project: string): string {
    return resource.urn ?? `urn:pulumi:${stack}::${project}::${resource.type}::${resource.name}`;
}

/** The resource options as `PolicyResourceOptions` (the real engine always sends every list). */
export function optionsOf(resource: OfflineResource): PolicyResourceOptions {
    const o = resource.opts ?? {};
    const result: PolicyResourceOptions = {
        protect: o.protect === true,
        ignoreChanges: o.ignoreChanges ?? [],
        aliases: o.aliases ?? [],
        customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
        additionalSecretOutputs: o.additionalSecretOutputs ?? [],
    };
    if (o.deleteBeforeReplace !== undefined) {
        result.deleteBeforeReplace = o.deleteBeforeReplace;
    }
    if (o.parent) {
        result.parent = o.parent;
    }
    return result;
}

/** The provider as `PolicyProviderResource`, from an object or a provider URN. */
export function providerOf(resource: OfflineResource): PolicyProviderResource | undefined {
    const p = resource.provider;
    if (typeof p === "string") {
        // A provider reference is `urn:pulumi:<stack>::<project>::<type>::<name>`, optionally followed by `::<id>`.
        const parts = p.split("::");
        return { urn: parts.slice(0, 4).join("::"), type: (parts[2] ?? "").split("$").pop() ?? "", name: parts[3] ?? "", props: {} };
    }
    return p ? { ...p, props: proxy.unknownCheckingProxy(unwrapSecrets(p.props ?? {}) as Record<string, unknown>) } : undefined;
}

/** True when `type` is the Pulumi type of `resourceClass`, exactly as @pulumi/policy decides it. */
export function isTypeOf(type: string, resourceClass: unknown): boolean {
    const cls = resourceClass as { __pulumiType?: unknown; isInstance?: (o: unknown) => boolean };
    if (typeof cls.__pulumiType === "string" && cls.__pulumiType.length > 0) {
        return type === cls.__pulumiType;
    }
    return typeof cls.isInstance === "function" && cls.isInstance({ __pulumiType: type }) === true;
}

/**
 * The resources as stack rules see them: every one a `PolicyResource` with its parent, dependencies and
 * property dependencies linked to the other resources (unknown URNs are dropped, as the real engine does).
 */
export function stackResourcesOf(resources: OfflineResource[], stack: string, project: string): PolicyResource[] {
    const built = resources.map((r) => {
        const props = propsOf(r, "stack");
        const resource: PolicyResource = {
            type: r.type,
            props,
            urn: urnOf(r, stack, project),
            name: r.name,
            opts: optionsOf(r),
            dependencies: [],
            propertyDependencies: {},
            isType: (cls) => isTypeOf(r.type, cls),
            asType: ((cls: unknown) => (isTypeOf(r.type, cls) ? props : undefined)) as PolicyResource["asType"],
        };
        const provider = providerOf(r);
        if (provider) {
            resource.provider = provider;
        }
        return { source: r, resource };
    });
    const byUrn = new Map(built.map((b) => [b.resource.urn, b.resource]));
    const lookup = (urns: string[]) => urns.map((u) => byUrn.get(u)).filter((x): x is PolicyResource => x !== undefined);
    for (const { source, resource } of built) {
        const parent = source.opts?.parent ? byUrn.get(source.opts.parent) : undefined;
        if (parent) {
            resource.parent = parent;
        }
        const propertyDeps = source.propertyDependencies ?? {};
        const all = new Set([...(source.opts?.dependsOn ?? []), ...(source.dependencies ?? []), ...Object.values(propertyDeps).flat()]);
        resource.dependencies = lookup([...all]);
        resource.propertyDependencies = Object.fromEntries(Object.entries(propertyDeps).map(([k, v]) => [k, lookup(v)]));
    }
    return built.map((b) => b.resource);
}
