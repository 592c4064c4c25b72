/**
 * The offline policy engine: runs every rule of the pack, resource and stack rules, over resources captured
 * from a mocked Pulumi program, without the Pulumi engine. It mirrors @pulumi/policy's server: the same
 * enforcement-level resolution, config with schema defaults, unknown values turned into advisories, and the
 * same `args` objects, so a rule that passes here passes in `pulumi preview --policy-pack`.
 */
import { EnforcementLevel, ReportViolation, ResourceValidationArgs, ResourceValidationPolicy, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { ALL_RULES, Rule } from "../rules";
import { UnknownValueError, isTypeOf, optionsOf, propsOf, providerOf, stackResourcesOf, urnOf } from "./args";
import { OfflineResource, PolicyPackConfig, Violation } from "./types";

/** Options of {@link evaluatePolicies}. */
export interface EvaluateOptions {
    /** The pack's policy config (`--policy-config` format). Default `{}`: every rule at its own level. */
    config?: PolicyPackConfig;
    /** The rules to run. Default: every rule of the pack. */
    policies?: readonly Rule[];
    /** The stack name used to build URNs for resources without one. Default `"dev"`. */
    stack?: string;
    /** The project name used to build URNs for resources without one. Default `"portcullis"`. */
    project?: string;
    /** The stack's Pulumi stack tags, as `pulumi stack tag set` holds them. Default: none. */
    stackTags?: Readonly<Record<string, string>>;
}

/** The level a pack without its own default gets, as `new PolicyPack(..., { enforcementLevel: "mandatory" })`. */
const PACK_ENFORCEMENT_LEVEL: EnforcementLevel = "mandatory";

/** Raised by `notApplicable()`: the rule does not apply, which is not a violation. */
class NotApplicableError extends Error {}

/** Throws {@link NotApplicableError}, as the real `args.notApplicable`. */
function notApplicable(reason?: string): never {
    throw new NotApplicableError(reason ?? "Policy does not apply");
}

/** The rule's effective level: its config entry, else `all`, else its own, else the pack's. */
function levelOf(rule: Rule, config: PolicyPackConfig): EnforcementLevel {
    const own = config[rule.name];
    const configured = typeof own === "string" ? own : own?.enforcementLevel;
    const all = config["all"];
    const level = configured ?? (typeof all === "string" ? all : undefined) ?? rule.enforcementLevel ?? PACK_ENFORCEMENT_LEVEL;
    // A violation that remains after remediation is reported as mandatory, as the real server does.
    return level === "remediate" ? "mandatory" : level;
}

/** The rule's config: the schema defaults (the CLI applies them) under the configured properties. */
function configFun(rule: Rule, config: PolicyPackConfig): <T extends object>() => T {
    const defaults = Object.fromEntries(Object.entries(rule.configSchema?.properties ?? {})
        .filter(([, schema]) => schema.default !== undefined).map(([k, schema]) => [k, schema.default]));
    const own = config[rule.name];
    const { enforcementLevel: _level, ...props } = typeof own === "object" ? own : {};
    void _level;
    return <T extends object>() => ({ ...defaults, ...props }) as T;
}

/** How many rules of a run check each resource and how many check the whole stack; a rule may do both. */
export interface RuleCounts {
    /** Rules that ran: not disabled by the config. */
    ran: number;
    /** Of those, rules with a `validateResource`. */
    resource: number;
    /** Of those, rules with a `validateStack`. */
    stack: number;
    /** Rules the config sets to `disabled`, which did not run. */
    disabled: number;
}

/** Counts the rules {@link evaluatePolicies} runs with these options, so a clean report can say what it checked. */
export function countRules(options: Pick<EvaluateOptions, "config" | "policies"> = {}): RuleCounts {
    const config = options.config ?? {};
    const rules = options.policies ?? ALL_RULES;
    const enabled = rules.filter((rule) => levelOf(rule, config) !== "disabled");
    return {
        ran: enabled.length,
        resource: enabled.filter((rule) => (rule as ResourceValidationPolicy).validateResource !== undefined).length,
        stack: enabled.filter((rule) => (rule as StackValidationPolicy).validateStack !== undefined).length,
        disabled: rules.length - enabled.length,
    };
}

/** Runs one validation, turning the engine's control-flow errors into results as the real server does. */
function run(rule: Rule, label: string, out: Violation[], call: () => unknown): void {
    try {
        const result = call();
        if (result !== undefined && typeof (result as Promise<unknown>).then === "function") {
            throw new Error(`policy '${rule.name}' returned a promise; the offline engine runs synchronous rules only`);
        }
    } catch (e) {
        if (e instanceof NotApplicableError) {
            return;
        }
        if (e instanceof UnknownValueError) {
            out.push({ policyName: rule.name, description: rule.description, severity: rule.severity ?? "high", enforcementLevel: "advisory",
                message: `can't run policy '${rule.name}' during preview: ${e.message}` });
            return;
        }
        throw new Error(`Error validating ${label} with policy '${rule.name}': ${e instanceof Error ? e.message : String(e)}`);
    }
}

/**
 * Evaluates the pack over the resources and returns every violation, resource rules first, in rule order.
 * Disabled rules are skipped; rules raising an unexpected error make the whole evaluation throw.
 */
export function evaluatePolicies(resources: OfflineResource[], options: EvaluateOptions = {}): Violation[] {
    const config = options.config ?? {};
    const stack = options.stack ?? "dev";
    const project = options.project ?? "portcullis";
    const rules = options.policies ?? ALL_RULES;
    const stackTags: ReadonlyMap<string, string> = new Map(Object.entries(options.stackTags ?? {}));
    const violations: Violation[] = [];
    const stackResources = stackResourcesOf(resources, stack, project);
    const byUrn = new Map(stackResources.map((r) => [r.urn, r]));

    const reporter = (rule: Rule, level: EnforcementLevel, fallbackUrn?: string): ReportViolation => (message, urn) => {
        const target = byUrn.get(urn ?? fallbackUrn ?? "");
        violations.push({
            policyName: rule.name, description: rule.description, severity: rule.severity ?? "high", enforcementLevel: level,
            resourceName: target?.name, resourceType: target?.type, resourceUrn: target?.urn, message,
        });
    };

    for (const rule of rules) {
        const level = levelOf(rule, config);
        const validations = (rule as ResourceValidationPolicy).validateResource;
        if (level === "disabled" || validations === undefined) {
            continue;
        }
        for (const resource of resources) {
            const urn = urnOf(resource, stack, project);
            const props = propsOf(resource);
            const args: ResourceValidationArgs = {
                type: resource.type, props, urn, name: resource.name, opts: optionsOf(resource), stackTags,
                isType: (cls) => isTypeOf(resource.type, cls),
                asType: ((cls: unknown) => (isTypeOf(resource.type, cls) ? props : undefined)) as ResourceValidationArgs["asType"],
                getConfig: configFun(rule, config), notApplicable,
            };
            const provider = providerOf(resource);
            if (provider) {
                args.provider = provider;
            }
            for (const validate of Array.isArray(validations) ? validations : [validations]) {
                run(rule, `resource '${resource.name}'`, violations, () => validate(args, reporter(rule, level, urn)));
            }
        }
    }
    for (const rule of rules) {
        const level = levelOf(rule, config);
        const validate = (rule as StackValidationPolicy).validateStack;
        if (level === "disabled" || validate === undefined) {
            continue;
        }
        const args: StackValidationArgs = { resources: stackResources, stackTags, getConfig: configFun(rule, config), notApplicable };
        run(rule, "the stack", violations, () => validate(args, reporter(rule, level)));
    }
    return violations;
}

/** True when a violation blocks a deployment. */
export function isBlocking(v: Violation): boolean {
    return v.enforcementLevel === "mandatory";
}
