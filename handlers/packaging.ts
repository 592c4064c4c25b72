/**
 * Packages that never ship inside a function's code archive. `aws.lambda.CallbackFunction` otherwise copies the
 * node_modules of every package in package.json `dependencies` into every function:
 * - the Pulumi SDKs are deploy-time only;
 * - the AWS SDK v3 clients are provided by the nodejs22.x runtime, and shipping them would break the 1 MiB budget.
 */
export const EXCLUDED_PACKAGES: readonly string[] = [
    "@pulumi/pulumi",
    "@pulumi/aws",
    "@pulumi/awsx",
    "@pulumi/random",
    "@pulumi/tls",
    "@aws-sdk/client-dynamodb",
    "@aws-sdk/client-s3",
    "@aws-sdk/client-rds-data",
    "@aws-sdk/client-secrets-manager",
];
