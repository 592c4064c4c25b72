/**
 * The config table rendered for people and for the Pulumi CLI: the README's table of keys and `Pulumi.yaml`'s typed
 * declarations. `npm run config-docs` writes both between their markers; `tests/config/docs.test.ts` fails when the
 * committed files differ from what the table says.
 */
import * as yaml from "js-yaml";
import { defaultOf, type Field } from "./fields";
import { allFields } from "./table";

/** The lines around each generated block; everything between them is replaced. */
export const MARKERS = {
    readme: ["<!-- config table: generated from config/table.ts by `npm run config-docs` -->", "<!-- end of config table -->"],
    pulumiYaml: ["  # Generated from config/table.ts by `npm run config-docs`.", "  # End of generated declarations."],
} as const;

/** Pulumi's project config types a field kind maps to; objects and decimals have none. */
const PULUMI_TYPES: Partial<Record<Field<unknown>["kind"], string>> = { boolean: "boolean", integer: "integer", string: "string" };

function cell(text: string): string {
    return text.replace(/\|/g, "\\|");
}

function shownDefault(field: Field<unknown>): string {
    if (field.shownDefault !== undefined) return field.shownDefault;
    if (field.required) return "required";
    const value = defaultOf(field, "<stack>");
    return `\`${typeof value === "string" ? value : JSON.stringify(value)}\``;
}

/** How the README names a key: `aws:region`, `protect`, `edge.maxBodyBytes`. */
function shownKey(key: string): string {
    return key.startsWith("portcullis:") ? key.slice("portcullis:".length) : key;
}

/** The README's table of every key: meaning, allowed values and default, one row per key. */
export function readmeTable(): string {
    const rows = allFields().map(([key, field]) =>
        `| \`${shownKey(key)}\` | ${cell(field.description)}${field.secret ? " (secret)" : ""} | ${cell(field.allowed)} | ${cell(shownDefault(field))} |`,
    );
    return ["| key | meaning | allowed | default |", "|---|---|---|---|", ...rows].join("\n");
}

/**
 * The declarations Pulumi's project config can hold: top-level `portcullis:` keys of a scalar type with a default
 * (the CLI refuses every stack that leaves a declared key without a default unset). Section keys are objects set
 * with `--path`, which a declaration cannot describe; secrets stay undeclared so no default is written for them.
 */
export function pulumiDeclarations(): Record<string, { type: string; default: unknown; description: string }> {
    const declared: Record<string, { type: string; default: unknown; description: string }> = {};
    for (const [key, field] of allFields()) {
        const type = PULUMI_TYPES[field.kind];
        const value = defaultOf(field, "<stack>");
        if (!key.startsWith("portcullis:") || key.includes(".") || type === undefined || value === undefined || field.secret) continue;
        // The CLI shows the description on its own, so as a sentence.
        declared[key] = { type, default: value, description: `${field.description[0].toUpperCase()}${field.description.slice(1)}.` };
    }
    return declared;
}

/** `pulumiDeclarations` as the lines of `Pulumi.yaml`'s `config:` block. */
export function pulumiYamlBlock(): string {
    return yaml.dump(pulumiDeclarations(), { lineWidth: -1 }).trimEnd().split("\n").map((line) => `  ${line}`).join("\n");
}

/** `text` with the block between `markers` replaced by `block`; throws when the markers are missing. */
export function replaceBetween(text: string, markers: readonly [string, string], block: string, file: string): string {
    const start = text.indexOf(markers[0]);
    const end = text.indexOf(markers[1]);
    if (start < 0 || end < start) throw new Error(`${file} lacks the generated block's markers:\n${markers[0]}\n${markers[1]}`);
    return `${text.slice(0, start + markers[0].length)}\n${block}\n${text.slice(end)}`;
}
