import { RuleCase } from "../harness";
import { APIGATEWAY_CASES } from "./apigateway";
import { APIGATEWAY_RESTAPI_CASES } from "./apigateway-restapi";
import { CLOUDFRONT_CASES } from "./cloudfront";
import { COGNITO_CASES } from "./cognito";
import { DATA_CASES } from "./data";
import { DEPLOY_CASES } from "./deploy";
import { LAMBDA_CASES } from "./lambda";
import { AWS_CASES } from "./aws";
import { BASELINE_CASES } from "./baseline";
import { PLATFORM_CASES } from "./platform";
import { S3_CASES } from "./s3";
import { WAFV2_CASES } from "./wafv2";

/** Every rule case, by group. */
export const ALL_CASES: Readonly<Record<string, RuleCase[]>> = {
    apigateway: APIGATEWAY_CASES, "apigateway-restapi": APIGATEWAY_RESTAPI_CASES, cloudfront: CLOUDFRONT_CASES, wafv2: WAFV2_CASES,
    cognito: COGNITO_CASES, lambda: LAMBDA_CASES, "dynamodb, rds, kms, secretsmanager": DATA_CASES, s3: S3_CASES,
    "cloudwatch, iam, shield, stack": PLATFORM_CASES, aws: AWS_CASES,
    "stack-deploy": DEPLOY_CASES, baseline: BASELINE_CASES,
};
