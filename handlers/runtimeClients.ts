/*
 * Kept out of handlers/packaging.ts, which uses it, because that module imports Pulumi's serializer: local
 * mode's package loader (harness/packages.ts) checks every package's requires against this list on each
 * start, and loading Pulumi there would cost seconds.
 */

/**
 * The only modules a package may load without shipping them: the AWS SDK v3 clients the handlers use, which the
 * Lambda nodejs22.x runtime provides in /var/runtime/node_modules ("Node.js runtimes include the AWS SDK for
 * JavaScript v3", https://docs.aws.amazon.com/lambda/latest/dg/lambda-nodejs.html). Each is large (S3 alone is
 * about 1 MiB minified with its dependencies), so bundling them would cost package size and parse time for a
 * copy the runtime already has. Everything else, `@smithy/*` and the SDK's utility packages (presigner,
 * CloudFront signer) included, is bundled.
 */
export const RUNTIME_CLIENTS = Object.freeze([
    "@aws-sdk/client-dynamodb",
    "@aws-sdk/client-rds-data",
    "@aws-sdk/client-s3",
    "@aws-sdk/client-secrets-manager",
] as const);

/** Whether a module request (a bare name, or a client's own entry point) is an allowlisted runtime client. */
export function runtimeClientOf(request: string): string | undefined {
    return RUNTIME_CLIENTS.find((c) => request === c || request === `${c}/dist-cjs/index.js`);
}
