/**
 * Checks resource inputs against the AWS constraints table (`awsConstraints.ts`). Pure and Pulumi-free: the pack's
 * naming rules and the stack tests call the same functions.
 */
import { AWS_CONSTRAINTS, PropertyPath, StringConstraint, TAG_CONSTRAINTS } from "./awsConstraints";
import { known } from "./values";

/** One value that AWS would refuse. */
export interface ConstraintProblem {
    /** The concrete place of the value, e.g. `rules[2].name` or `tags["aws:owner"]`. */
    where: string;
    value: string;
    /** What is wrong, as a sentence fragment: "is 300 characters long; at most 256 are allowed". */
    problem: string;
    /** The API reference stating the constraint. */
    doc: string;
}

/** Every string at `path` in `props`, with its concrete location; unknown and missing values are skipped. */
export function valuesAt(props: unknown, path: PropertyPath): { where: string; value: string }[] {
    let nodes: { where: string; value: unknown }[] = [{ where: "", value: props }];
    for (const segment of path.split(".")) {
        const next: { where: string; value: unknown }[] = [];
        for (const node of nodes) {
            if (segment === "{keys}" || segment === "{values}") {
                if (node.value === null || typeof node.value !== "object" || Array.isArray(node.value)) {
                    continue;
                }
                for (const key of Object.keys(node.value)) {
                    const where = `${node.where}[${JSON.stringify(key)}]`;
                    next.push(segment === "{keys}" ? { where: `${where} (key)`, value: key } : { where, value: known(node.value, key) });
                }
                continue;
            }
            const array = segment.endsWith("[]");
            const name = array ? segment.slice(0, -2) : segment;
            const where = node.where === "" ? name : `${node.where}.${name}`;
            const value = known(node.value, name);
            if (!array) {
                next.push({ where, value });
            } else if (Array.isArray(value)) {
                value.forEach((_, i) => next.push({ where: `${where}[${i}]`, value: known(value, i) }));
            }
        }
        nodes = next;
    }
    return nodes.filter((n): n is { where: string; value: string } => typeof n.value === "string");
}

/** Why `value` breaks `c`, or undefined when AWS accepts it. Lengths count characters, as the API references do. */
export function problemOf(value: string, c: StringConstraint): string | undefined {
    const length = [...value].length;
    if (c.min !== undefined && length < c.min) {
        return `is ${length} characters long; at least ${c.min} are required`;
    }
    if (c.max !== undefined && length > c.max) {
        return `is ${length} characters long; at most ${c.max} are allowed`;
    }
    const prefix = (c.forbiddenPrefixes ?? []).find((p) => value.toLowerCase().startsWith(p));
    if (prefix !== undefined) {
        return `starts with '${prefix}', which AWS reserves`;
    }
    const part = (c.forbiddenSubstrings ?? []).find((s) => value.includes(s));
    if (part !== undefined) {
        return `contains '${part}', which is not allowed`;
    }
    if (c.pattern !== undefined && !c.pattern.test(value)) {
        return `does not match ${c.pattern.source}${c.allowed ? ` (allowed: ${c.allowed})` : ""}`;
    }
    return undefined;
}

/** The constraints that apply to a resource type: its own entry plus the tag limits every resource shares. */
export function constraintsOf(type: string): Readonly<Record<PropertyPath, StringConstraint>> {
    return { ...(AWS_CONSTRAINTS[type]?.properties ?? {}), ...(type.startsWith("aws:") ? TAG_CONSTRAINTS : {}) };
}

/** Every value of the resource's inputs that AWS would refuse. */
export function constraintProblems(type: string, props: unknown): ConstraintProblem[] {
    return Object.entries(constraintsOf(type)).flatMap(([path, c]) => valuesAt(props, path).flatMap(({ where, value }) => {
        const problem = problemOf(value, c);
        return problem === undefined ? [] : [{ where, value, problem, doc: c.doc }];
    }));
}

/** A short form of a long value for messages. */
export function shorten(value: string): string {
    return value.length > 60 ? `${value.slice(0, 57)}...` : value;
}
