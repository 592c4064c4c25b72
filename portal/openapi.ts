import * as yaml from "js-yaml";
import { buildOpenApi, type OAuthEndpoints, type OpenApiDocument } from "../contract";

/** Prefix of every API Gateway vendor extension; none may leak into the public document. */
const AWS_EXTENSION_PREFIX = "x-amazon-apigateway";

/**
 * The public OpenAPI document: the contract without the AWS integration extensions, pointed at `serverUrl`.
 * Throws if an `x-amazon-apigateway-*` key is found anywhere, because the public document is what consumers,
 * linters and the SDK generator read, and an integration URI or role ARN there would leak account details.
 */
export function publicDocument(options: { serverUrl?: string; oauth?: OAuthEndpoints } = {}): OpenApiDocument {
    const doc = buildOpenApi({ serverUrl: options.serverUrl, oauth: options.oauth });
    const leaked = findKeys(doc, (k) => k.startsWith(AWS_EXTENSION_PREFIX));
    if (leaked.length > 0) throw new Error(`The public document carries AWS extensions at: ${leaked.join(", ")}`);
    return doc;
}

/** The document as pretty JSON, ending in a newline, so committed snapshots diff line by line. */
export function toJson(doc: OpenApiDocument): string {
    return `${JSON.stringify(doc, null, 2)}\n`;
}

/** The document as YAML; `noRefs` keeps shared schema objects written out rather than as YAML anchors. */
export function toYaml(doc: OpenApiDocument): string {
    return yaml.dump(doc, { noRefs: true, lineWidth: 120, sortKeys: false });
}

/** JSON pointers of every key anywhere in `value` for which `match` holds. */
export function findKeys(value: unknown, match: (key: string) => boolean, pointer = ""): string[] {
    if (typeof value !== "object" || value === null) return [];
    const found: string[] = [];
    for (const [key, child] of Object.entries(value)) {
        const here = `${pointer}/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`;
        if (match(key)) found.push(here);
        found.push(...findKeys(child, match, here));
    }
    return found;
}
