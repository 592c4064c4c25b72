/**
 * Every rule of the pack. Each rule module exports only rule constants, so the pack, the offline engine and the
 * tests can enumerate them and a new rule is picked up without being listed twice.
 */
import { Policies, ResourceValidationPolicy, Severity, StackValidationPolicy } from "@pulumi/policy";
import * as apigateway from "./apigateway";
import * as apigatewayRestapi from "./apigateway-restapi";
import * as awsResources from "./aws";
import * as cloudfront from "./cloudfront";
import * as cloudwatch from "./cloudwatch";
import * as cognito from "./cognito";
import * as dynamodb from "./dynamodb";
import * as iam from "./iam";
import * as kms from "./kms";
import * as lambda from "./lambda";
import * as rds from "./rds";
import * as s3 from "./s3";
import * as secretsmanager from "./secretsmanager";
import * as shield from "./shield";
import * as stack from "./stack";
import * as stackDeploy from "./stack-deploy";
import * as wafv2 from "./wafv2";
import * as apigatewayv2 from "./apigatewayv2";
import * as ec2 from "./ec2";
import * as ecr from "./ecr";
import * as ecs from "./ecs";
import * as iamUser from "./iam-user";
import * as kinesis from "./kinesis";
import * as lb from "./lb";
import * as rdsInstance from "./rds-instance";
import * as s3Policy from "./s3-policy";
import * as sns from "./sns";
import * as sqs from "./sqs";

/** A rule of this pack: a resource or a stack policy. */
export type Rule = ResourceValidationPolicy | StackValidationPolicy;

/** The rule modules by service, as the file names give them. */
export const RULE_MODULES: Readonly<Record<string, Readonly<Record<string, Rule>>>> = Object.freeze({
    apigateway, "apigateway-restapi": apigatewayRestapi, aws: awsResources, cloudfront, cloudwatch, cognito, dynamodb, iam, kms, lambda,
    rds, s3, secretsmanager, shield, stack, "stack-deploy": stackDeploy, wafv2,
    // The general baseline for any AWS program, beyond what the Portcullis stacks create.
    apigatewayv2, ec2, ecr, ecs, "iam-user": iamUser, kinesis, lb, "rds-instance": rdsInstance, "s3-policy": s3Policy, sns, sqs,
});

/** Every rule of the pack, by service then in declaration order. */
export const ALL_RULES: readonly Rule[] = Object.freeze(Object.values(RULE_MODULES).flatMap((m) => Object.values(m)));

/** The policies handed to the `PolicyPack`. */
export const POLICIES: Policies = [...ALL_RULES];

/** Severity of each rule by name, for tools that only have a violation's policy name. */
export const SEVERITY: Readonly<Record<string, Severity>> = Object.freeze(
    // Every rule declares a severity (a test checks it); "high" only keeps the type total.
    Object.fromEntries(ALL_RULES.map((r) => [r.name, r.severity ?? "high"])),
);
