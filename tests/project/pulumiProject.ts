/**
 * What the Pulumi CLI checks in `Pulumi.yaml` and `PulumiPolicy.yaml` before it runs anything, encoded so a test
 * catches a project file the CLI would refuse.
 *
 * The shape follows Pulumi's project JSON schema (pulumi/pulumi `sdk/go/common/workspace/project.json`, draft
 * 2020-12, with the `value` attribute that `pulumi:tags` uses); the semantic rules follow `Project.Validate` and
 * `ValidateConfigValue` in `sdk/go/common/workspace/project.go`. Written here rather than vendored: only the
 * parts that can refuse our files are encoded, and each names where it comes from.
 */
import Ajv2020, { ErrorObject } from "ajv/dist/2020";

/** Config types a project may declare (`simpleConfigType` in project.json): there is no object type. */
export const CONFIG_TYPES = ["string", "integer", "boolean", "array"] as const;

const configItems = {
    type: "object",
    required: ["type"],
    properties: {
        type: { oneOf: [{ enum: CONFIG_TYPES }, { $ref: "#/$defs/configItems" }] },
        items: { $ref: "#/$defs/configItems" },
    },
    if: { properties: { type: { const: "array" } } },
    then: { required: ["items"] },
};

const runtime = {
    oneOf: [
        { type: "string", minLength: 1 },
        {
            type: "object",
            required: ["name"],
            properties: { name: { type: "string", minLength: 1 }, options: { type: "object" } },
            additionalProperties: false,
        },
    ],
};

const optionalString = { type: ["string", "null"] };

/** `Pulumi.yaml`: project.json's fields and types, with the name's allowed characters from the project file reference. */
export const PROJECT_SCHEMA = {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    type: "object",
    required: ["name", "runtime"],
    properties: {
        // https://www.pulumi.com/docs/iac/concepts/projects/project-file/: "alphanumeric characters, hyphens,
        // underscores, and periods".
        name: { type: "string", minLength: 1, pattern: "^[A-Za-z0-9_.-]+$" },
        description: optionalString,
        author: optionalString,
        website: optionalString,
        license: optionalString,
        main: optionalString,
        stackConfigDir: optionalString,
        runtime,
        config: {
            type: ["object", "null"],
            additionalProperties: {
                oneOf: [
                    { type: "string" }, { type: "integer" }, { type: "boolean" },
                    {
                        type: "object",
                        additionalProperties: false,
                        properties: {
                            type: { enum: CONFIG_TYPES },
                            items: { $ref: "#/$defs/configItems" },
                            description: { type: "string" },
                            secret: { type: "boolean" },
                            default: {},
                            value: {},
                        },
                        if: { required: ["type"], properties: { type: { const: "array" } } },
                        then: { required: ["items"] },
                    },
                ],
            },
        },
        backend: { type: ["object", "null"], properties: { url: { type: "string" } }, additionalProperties: false },
        options: { type: ["object", "null"], properties: { refresh: { const: "always" } }, additionalProperties: false },
    },
    $defs: { configItems },
} as const;

/** `PulumiPolicy.yaml`: the fields of `PolicyPackProject` in project.go (runtime required, the rest strings). */
export const POLICY_PROJECT_SCHEMA = {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    type: "object",
    required: ["runtime"],
    properties: {
        runtime,
        version: { type: "string" },
        main: { type: "string" },
        description: optionalString,
        author: optionalString,
        website: optionalString,
        license: optionalString,
    },
} as const;

const ajv = new Ajv2020({ allErrors: true, strict: false });
const validators = { project: ajv.compile(PROJECT_SCHEMA), policy: ajv.compile(POLICY_PROJECT_SCHEMA) };

/** A declared config key as the CLI reads it. */
interface ConfigDeclaration {
    type?: string;
    items?: { type: unknown; items?: unknown };
    default?: unknown;
    value?: unknown;
}

const describe = (errors: ErrorObject[] | null | undefined) =>
    (errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? "is invalid"}`);

/** Mirrors `ValidateConfigValue`: strings "true"/"false" pass as booleans, whole numbers and digit strings as integers. */
export function matchesConfigType(type: string, items: ConfigDeclaration["items"], value: unknown): boolean {
    switch (type) {
        case "string": return typeof value === "string";
        case "integer": return (typeof value === "number" && Number.isInteger(value)) || (typeof value === "string" && /^[-+]?\d+$/.test(value));
        case "boolean": return typeof value === "boolean" || value === "true" || value === "false";
        case "array": return Array.isArray(value) && items !== undefined
            && value.every((v) => matchesConfigType(String(items.type), items.items as ConfigDeclaration["items"], v));
        default: return false;
    }
}

/** The problems the CLI would report for a parsed `Pulumi.yaml`; empty when it would load it. */
export function projectProblems(project: unknown): string[] {
    if (!validators.project(project)) {
        return describe(validators.project.errors);
    }
    const { name, config } = project as { name: string; config?: Record<string, unknown> | null };
    const problems: string[] = [];
    for (const [key, raw] of Object.entries(config ?? {})) {
        if (raw === null || typeof raw !== "object") {
            continue;
        }
        const decl = raw as ConfigDeclaration;
        // Project.Validate: a key is the project's when it has no namespace or the project's own.
        const own = !key.includes(":") || key.startsWith(`${name}:`);
        if (decl.default !== undefined && decl.value !== undefined) {
            problems.push(`config '${key}' cannot have both a 'default' and 'value' attribute`);
        } else if (own && decl.type !== undefined && decl.default !== undefined && !matchesConfigType(decl.type, decl.items, decl.default)) {
            problems.push(`config '${key}' default is not of type '${decl.type}'`);
        } else if (!own && (decl.type !== undefined || decl.default !== undefined || decl.value === undefined)) {
            problems.push(`config '${key}' is not namespaced by the project: it may only give a 'value'`);
        }
    }
    return problems;
}

/** The problems the CLI would report for a parsed `PulumiPolicy.yaml`. */
export function policyProjectProblems(project: unknown): string[] {
    return validators.policy(project) ? [] : describe(validators.policy.errors);
}

/**
 * The problems of a stack's config against the project's typed declarations: a declared key the stack sets must
 * match its type, and one without a default must be set (the CLI refuses the stack otherwise).
 */
export function stackConfigProblems(project: { name: string; config?: Record<string, unknown> | null }, stackConfig: Record<string, unknown>): string[] {
    const problems: string[] = [];
    for (const [key, raw] of Object.entries(project.config ?? {})) {
        const decl = raw as ConfigDeclaration;
        if (raw === null || typeof raw !== "object" || decl.type === undefined) {
            continue;
        }
        const fullKey = key.includes(":") ? key : `${project.name}:${key}`;
        const value = stackConfig[fullKey];
        if (value === undefined) {
            if (decl.default === undefined) {
                problems.push(`stack is missing the required config '${fullKey}'`);
            }
        } else if (!matchesConfigType(decl.type, decl.items, value)) {
            problems.push(`stack config '${fullKey}' must be of type '${decl.type}'`);
        }
    }
    return problems;
}
