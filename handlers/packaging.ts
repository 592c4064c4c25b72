/**
 * What the function packages leave out, and why.
 *
 * `aws.lambda.CallbackFunction` copies the node_modules of every package.json `dependency` (and their dependencies)
 * into every function, minus `codePathOptions.extraExcludePackages` (matched by exact name, at any depth).
 * - The nodejs22.x runtime ships the AWS SDK for JavaScript v3 (every `@aws-sdk/client-*`, the SDK's utility
 *   packages such as the presigner and the CloudFront signer, and their `@smithy/*` dependencies) in
 *   /var/runtime/node_modules, which Node searches after the function's own node_modules. Relying on it keeps the
 *   packages small and cold starts short; the SDK version is then the runtime's, which is sound because the
 *   handlers use only long-stable operations and no SDK feature newer than the runtime's.
 * - `@pulumi/*` is deploy-time only (CallbackFunction also skips it; listing it keeps the benchmark honest).
 * - Type-only packages (`@types/*`) come in as dependencies of aws-xray-sdk-core and are never loaded.
 *
 * One list for the component (`extraExcludePackages`), the test harness and the benchmark.
 */
import type { FunctionName } from "./index";
import * as pkg from "../package.json";

/** SDK and Smithy packages the runtime provides that are reached through shipped packages. */
const RUNTIME_PROVIDED = ["@aws-sdk/cloudfront-signer", "@aws-sdk/s3-request-presigner", "@aws-sdk/types", "@smithy/service-error-classification"];
/** Never loaded at run time. */
const TYPES_ONLY = ["@types/cls-hooked", "@types/node", "undici-types"];

/** Packages excluded from every function's code archive (exact names, as `extraExcludePackages` matches them). */
export const EXCLUDED_PACKAGES: readonly string[] = Object.freeze([
    ...new Set([
        ...Object.keys(pkg.dependencies).filter((name) => name.startsWith("@aws-sdk/") || name.startsWith("@pulumi/")),
        ...RUNTIME_PROVIDED,
        ...TYPES_ONLY,
    ]),
]);

/**
 * Packages only some functions load. The authorizer alone verifies tokens (jose, 350 KB); it, the Cognito
 * trigger and the health check make no AWS calls, so they need no X-Ray SDK (800 KB with its dependencies).
 * Shipping both everywhere would put every function over 1 MiB.
 */
const ONLY_FOR: Readonly<Record<string, readonly FunctionName[]>> = {
    jose: ["authorizer"],
    "aws-xray-sdk-core": ["catalogRead", "catalogWrite", "imageUpload", "createOrder", "readOrders", "orderReceipt", "salesReport", "stockUpdate", "migrate"],
};

/**
 * The `extraExcludePackages` of one function: {@link EXCLUDED_PACKAGES} plus the packages it does not load.
 * Pass a copy: CallbackFunction appends to the list.
 */
export function excludedPackagesFor(name: FunctionName): string[] {
    const unused = Object.entries(ONLY_FOR)
        .filter(([, users]) => !users.includes(name))
        .map(([pkgName]) => pkgName);
    return [...EXCLUDED_PACKAGES, ...unused];
}
