import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { StackConfig } from "../config";
import { buildPortal, portalFiles, SDK_TARBALL } from "../portal/build";
import { sdkTarball } from "../portal/sdkTarball";

export interface DeveloperPortalArgs {
    config: StackConfig;
    /** Bucket the distribution serves `/docs/*` from (through origin access control). */
    bucket: pulumi.Input<string>;
    /** The API's public base URL, which the guides and the reference's server point at. */
    baseUrl: pulumi.Input<string>;
    /** The web client the try-it console signs in with (its hosted UI comes from `config.auth`). Default: none. */
    webClientId?: pulumi.Input<string>;
}

/** Caching of portal files at the edge and in browsers; every deploy replaces them. */
export const DEVELOPER_PORTAL_DEFAULTS = {
    keyPrefix: "docs/",
    /** Short, so a deploy shows up within minutes without an invalidation. */
    cacheControl: "public, max-age=300",
} as const;

const CONTENT_TYPES: Readonly<Record<string, string>> = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".yaml": "application/yaml",
    ".svg": "image/svg+xml",
    ".tgz": "application/gzip",
};

/** `text/html` for `index.html`; throws for a file type the portal should never contain. */
export function contentTypeOf(file: string): string {
    const type = CONTENT_TYPES[path.extname(file)];
    if (type === undefined) throw new Error(`No content type for portal file ${file}`);
    return type;
}

/** Builds the portal for `apiBaseUrl` and returns every file's text by relative path. */
export function renderPortal(config: StackConfig, apiBaseUrl: string, webClientId?: string): Record<string, string> {
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "portcullis-portal-"));
    try {
        const built = buildPortal({ outDir, config, apiBaseUrl, webClientId });
        // The SDK tarball is binary: uploaded from its file (sdkTarball), never as text.
        return Object.fromEntries(built.files.filter((f) => f !== SDK_TARBALL).map((f) => [f, fs.readFileSync(path.join(outDir, f), "utf8")]));
    } finally {
        fs.rmSync(outDir, { recursive: true, force: true });
    }
}

/**
 * The developer portal (reference, guides, tier table, errors, changelog, the OpenAPI document), built from the
 * contract and this stack's config and uploaded under `docs/` in the assets bucket, which CloudFront serves at
 * `/docs` through origin access control. The file list is static (`portalFiles`), so previews show every object
 * without a build; the portal is built once per evaluation, when the API's base URL and the web client are known.
 */
export class DeveloperPortal extends pulumi.ComponentResource {
    /** Object keys in the bucket, e.g. `docs/index.html`. */
    public readonly keys: string[];

    constructor(name: string, args: DeveloperPortalArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("portcullis:edge:DeveloperPortal", name, {}, opts);
        const files = portalFiles().filter((f) => f !== SDK_TARBALL);
        const site = pulumi.all([args.baseUrl, args.webClientId]).apply(([url, clientId]) => renderPortal(args.config, url, clientId));
        this.keys = [...files, SDK_TARBALL].map((f) => `${DEVELOPER_PORTAL_DEFAULTS.keyPrefix}${f}`);
        new aws.s3.BucketObjectv2(`${name}-${SDK_TARBALL.replace(/[^A-Za-z0-9]+/g, "-")}`, {
            bucket: args.bucket,
            key: `${DEVELOPER_PORTAL_DEFAULTS.keyPrefix}${SDK_TARBALL}`,
            source: new pulumi.asset.FileAsset(sdkTarball()),
            contentType: contentTypeOf(SDK_TARBALL),
            cacheControl: DEVELOPER_PORTAL_DEFAULTS.cacheControl,
        }, { parent: this });
        for (const file of files) {
            new aws.s3.BucketObjectv2(`${name}-${file.replace(/[^A-Za-z0-9]+/g, "-")}`, {
                bucket: args.bucket,
                key: `${DEVELOPER_PORTAL_DEFAULTS.keyPrefix}${file}`,
                content: site.apply((s) => s[file]),
                contentType: contentTypeOf(file),
                cacheControl: DEVELOPER_PORTAL_DEFAULTS.cacheControl,
            }, { parent: this });
        }
        this.registerOutputs({ keys: this.keys });
    }
}
