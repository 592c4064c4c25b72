/**
 * The two groups of the pack. The **baseline** holds what any well-run AWS account wants and runs on every stack.
 * A **convention** holds what only Portcullis wants (its tier names, its `/v1` routes, its origin-verify header
 * name, Shield Advanced on its production edge, a geo restriction): it runs only on a stack that opts in, so a
 * team pointing the pack at its own program gets the baseline alone.
 *
 * A stack opts in to one convention with `optIn: true` in that rule's policy config (next to the rule's own
 * settings), or to every convention at once with the Pulumi stack tag `portcullis:conventions` = `true`
 * (`pulumi stack tag set portcullis:conventions true`).
 */
import {
    PolicyConfigSchema, ResourceValidationArgs, ResourceValidationPolicy, ResourceValidation, StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";

/** The stack tag that opts a stack in to every convention, and the value that does. */
export const CONVENTIONS_STACK_TAG = "portcullis:conventions";
const OPT_IN_TAG_VALUE = "true";

/** The policy config property that opts a stack in to one convention. */
export const OPT_IN_PROPERTY = "optIn";

/** A rule of the pack: a resource or a stack policy. */
type Rule = ResourceValidationPolicy | StackValidationPolicy;

/** The group a rule belongs to. */
export type RuleGroup = "baseline" | "convention";

/** The policy tag {@link convention} puts on a rule, which Pulumi Cloud shows with its violations too. */
export const CONVENTION_TAG = "portcullis-convention";

/** The group of a rule: convention when it was declared with {@link convention}, else baseline. */
export function groupOf(rule: Rule): RuleGroup {
    return rule.tags?.includes(CONVENTION_TAG) ? "convention" : "baseline";
}

/** True when the stack opted in to the convention, through the rule's config or the stack tag. */
export function optedIn(args: ResourceValidationArgs | StackValidationArgs): boolean {
    if (args.stackTags?.get(CONVENTIONS_STACK_TAG) === OPT_IN_TAG_VALUE) {
        return true;
    }
    return args.getConfig<Record<string, unknown>>()[OPT_IN_PROPERTY] === true;
}

/** The rule's config schema with the `optIn` property added (default false). */
function withOptIn(schema: PolicyConfigSchema | undefined): PolicyConfigSchema {
    return {
        ...schema,
        properties: {
            [OPT_IN_PROPERTY]: {
                type: "boolean", default: false,
                description: `Run this Portcullis convention on the stack (also turned on for every convention by the stack tag ${CONVENTIONS_STACK_TAG}=true).`,
            },
            ...schema?.properties,
        },
    };
}

const SKIPPED = "The stack has not opted in to this Portcullis convention.";

/**
 * Declares a Portcullis convention: the rule runs only on a stack that opted in, and gains the `optIn` config
 * property. Rule modules export the returned rule as they export any other.
 */
export function convention<R extends Rule>(rule: R): R {
    const tags = [...(rule.tags ?? []), CONVENTION_TAG];
    const configSchema = withOptIn(rule.configSchema);
    if ("validateStack" in rule && rule.validateStack !== undefined) {
        const validate = rule.validateStack;
        return { ...rule, tags, configSchema, validateStack: (args, report) => (optedIn(args) ? validate(args, report) : args.notApplicable(SKIPPED)) };
    }
    const resourceRule = rule as ResourceValidationPolicy;
    const guard = (validate: ResourceValidation): ResourceValidation =>
        (args, report) => (optedIn(args) ? validate(args, report) : args.notApplicable(SKIPPED));
    const validations = resourceRule.validateResource;
    return {
        ...rule, tags, configSchema,
        validateResource: Array.isArray(validations) ? validations.map(guard) : validations === undefined ? undefined : guard(validations),
    };
}
