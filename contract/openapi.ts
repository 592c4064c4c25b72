import { fullScope, SERVICE_CLIENT_SCOPES } from "./access";
import {
    GATEWAY_RESPONSE_HEADERS,
    GATEWAY_RESPONSE_TYPES,
    allowOriginHeaders,
    gatewayResponseTemplate,
    preflightHeaders,
    type CustomizedGatewayResponseType,
} from "./responses";
import { API_VERSION, ROUTES, TAGS } from "./routes";
import { SCHEMAS } from "./schemas";
import { RouteFunction, SCOPES, type Parameter, type Route } from "./types";

// Defined with the other response headers; the components read them from here, beside the rest of the document's settings.

/** Request validators the REST API defines; every operation names one. */
export const VALIDATORS = {
    body: "validate-body-and-params",
    params: "validate-params",
} as const;

/** Security scheme names in the document. */
export const SECURITY_SCHEMES = { apiKey: "api_key", jwt: "cognito_jwt", iam: "sigv4" } as const;

/** Everything the AWS flavour of the document needs that only exists once resources do. */
export interface AwsExtensions {
    region: string;
    /** Invoke ARNs are derived from these function ARNs. */
    functionArns: Record<RouteFunction, string>;
    /**
     * The Lambda authorizer. No `authorizerCredentials`: API Gateway invokes it under the function's resource policy
     * (a Lambda permission for `<executionArn>/authorizers/*`), so no role and no trust condition stands between.
     */
    authorizer: {
        functionArn: string;
        resultTtlSeconds: number;
    };
    integrationTimeoutMs: number;
    corsOrigins: readonly string[];
}

/** Where the OAuth endpoints live, for the public document's security scheme. */
export interface OAuthEndpoints {
    authorizationUrl: string;
    tokenUrl: string;
}

/** A request validator's name, as operations refer to it. */
export type ValidatorName = (typeof VALIDATORS)[keyof typeof VALIDATORS];

/** `x-amazon-apigateway-integration` of an operation served by a Lambda function (proxy integration). */
export interface LambdaProxyIntegration {
    type: "aws_proxy";
    httpMethod: "POST";
    uri: string;
    passthroughBehavior: "when_no_match";
    timeoutInMillis: number;
}

/** `x-amazon-apigateway-integration` answered by API Gateway itself (the CORS preflights). */
export interface MockIntegration {
    type: "mock";
    requestTemplates: Record<string, string>;
    passthroughBehavior: "when_no_match";
    responses: Record<string, { statusCode: string; responseParameters: Record<string, string>; responseTemplates: Record<string, string> }>;
}

/** An entry of `x-amazon-apigateway-gateway-responses`. */
export interface GatewayResponseExtension {
    /** `gatewayresponse.header.<Name>` to a static value in single quotes. */
    responseParameters: Record<string, string>;
    responseTemplates: Record<string, string>;
}

/** `x-amazon-apigateway-authorizer` of the Lambda REQUEST authorizer. */
export interface LambdaAuthorizerExtension {
    type: "request";
    identitySource: string;
    authorizerUri: string;
    authorizerResultTtlInSeconds: number;
}

/** The API Gateway extensions an operation may carry (only in the REST API body). */
export interface OperationExtensions {
    "x-amazon-apigateway-request-validator"?: ValidatorName;
    "x-amazon-apigateway-integration"?: LambdaProxyIntegration | MockIntegration;
}

/** One operation of the document; the extensions typed, the OpenAPI fields as built from the routes. */
export type OpenApiOperation = Record<string, unknown> & OperationExtensions;

/** The API Gateway extensions at the document's root (only in the REST API body). */
export interface DocumentExtensions {
    "x-amazon-apigateway-api-key-source"?: "HEADER" | "AUTHORIZER";
    "x-amazon-apigateway-request-validators"?: Record<ValidatorName, { validateRequestBody: boolean; validateRequestParameters: boolean }>;
    "x-amazon-apigateway-gateway-responses"?: Record<CustomizedGatewayResponseType, GatewayResponseExtension>;
}

export type OpenApiDocument = Record<string, unknown> & DocumentExtensions & { paths: Record<string, Record<string, OpenApiOperation>> };

/**
 * Builds the OpenAPI 3 document from the routes. Without `aws` it is the public contract (docs, SDKs, linting);
 * with `aws` it is the REST API body, carrying integrations, validators, the authorizer and gateway responses.
 * Pure and deterministic: the same inputs give the same string, which is what the deployment hash relies on.
 */
export function buildOpenApi(options: { aws?: AwsExtensions; oauth?: OAuthEndpoints; serverUrl?: string } = {}): OpenApiDocument {
    const { aws } = options;
    const paths: OpenApiDocument["paths"] = {};
    for (const route of ROUTES) {
        paths[route.path] ??= {};
        paths[route.path][route.method.toLowerCase()] = operation(route, aws);
    }
    if (aws && aws.corsOrigins.length > 0) {
        for (const path of Object.keys(paths)) {
            paths[path].options = preflight(path, Object.keys(paths[path]), aws.corsOrigins);
        }
    }
    const doc: OpenApiDocument = {
        openapi: "3.0.3",
        info: {
            title: "Portcullis API",
            version: API_VERSION,
            description: "The Portcullis reference API: a product catalog, orders and sales reports behind API keys, usage plans and Cognito tokens.",
            license: { name: "Apache 2.0", url: "https://www.apache.org/licenses/LICENSE-2.0" },
        },
        servers: [{ url: options.serverUrl ?? "https://api.example.com" }],
        tags: [...new Set(ROUTES.map((r) => r.tag))].map((name) => ({ name, description: TAGS[name] })),
        paths,
        components: { schemas: SCHEMAS, securitySchemes: securitySchemes(aws, options.oauth) },
    };
    if (aws) {
        doc["x-amazon-apigateway-api-key-source"] = "HEADER";
        doc["x-amazon-apigateway-request-validators"] = {
            [VALIDATORS.body]: { validateRequestBody: true, validateRequestParameters: true },
            [VALIDATORS.params]: { validateRequestBody: false, validateRequestParameters: true },
        };
        doc["x-amazon-apigateway-gateway-responses"] = gatewayResponses(aws.corsOrigins);
    }
    return doc;
}

function operation(route: Route, aws?: AwsExtensions): OpenApiOperation {
    const op: OpenApiOperation = {
        operationId: route.operationId,
        summary: route.summary,
        description: route.description,
        tags: [route.tag],
        parameters: route.parameters.map(parameter),
        responses: Object.fromEntries(
            Object.entries(route.responses).map(([status, r]) => [
                status,
                {
                    description: r.description,
                    ...(r.headers ? { headers: r.headers } : {}),
                    ...(r.schema ? { content: { "application/json": { schema: { $ref: `#/components/schemas/${r.schema}` } } } } : {}),
                },
            ]),
        ),
        security: [security(route, aws !== undefined)],
    };
    if (route.requestBody) {
        op.requestBody = { required: true, content: { "application/json": { schema: { $ref: `#/components/schemas/${route.requestBody}` } } } };
    }
    if (route.security.kind === "jwt" && route.security.groups) {
        op["x-portcullis-groups"] = route.security.groups;
    }
    if (aws) {
        op["x-amazon-apigateway-request-validator"] = route.requestBody ? VALIDATORS.body : VALIDATORS.params;
        op["x-amazon-apigateway-integration"] = {
            type: "aws_proxy",
            httpMethod: "POST",
            uri: lambdaInvokeUri(aws.region, aws.functionArns[route.function]),
            passthroughBehavior: "when_no_match",
            timeoutInMillis: aws.integrationTimeoutMs,
        };
    }
    return op;
}

function security(route: Route, aws: boolean): Record<string, string[]> {
    const requirement: Record<string, string[]> = {};
    const kind = route.security.kind;
    switch (kind) {
        case "public":
            break;
        case "jwt":
            // API Gateway ignores scopes on custom authorizers; the public document lists them for readers and SDKs.
            requirement[SECURITY_SCHEMES.jwt] = aws ? [] : route.security.scopes.map(fullScope);
            break;
        case "iam":
            requirement[SECURITY_SCHEMES.iam] = [];
            break;
        default: {
            const exhaustive: never = kind;
            throw new Error(`Unknown route security ${String(exhaustive)}`);
        }
    }
    if (route.apiKeyRequired) requirement[SECURITY_SCHEMES.apiKey] = [];
    return requirement;
}

function parameter(p: Parameter): Record<string, unknown> {
    return { name: p.name, in: p.in, required: p.required, description: p.description, schema: p.schema };
}

function securitySchemes(aws?: AwsExtensions, oauth?: OAuthEndpoints): Record<string, unknown> {
    const apiKey = { type: "apiKey", name: "x-api-key", in: "header", description: "The API key of your usage plan (Basic, Premium or Enterprise)." };
    if (!aws) {
        const endpoints = oauth ?? { authorizationUrl: "https://auth.example.com/oauth2/authorize", tokenUrl: "https://auth.example.com/oauth2/token" };
        const scopes = Object.fromEntries(SCOPES.map((s) => [fullScope(s), `The ${s} scope.`]));
        return {
            [SECURITY_SCHEMES.apiKey]: apiKey,
            [SECURITY_SCHEMES.jwt]: {
                type: "oauth2",
                description: "Cognito access tokens, sent as `Authorization: Bearer <token>`.",
                flows: {
                    authorizationCode: { ...endpoints, scopes },
                    clientCredentials: {
                        tokenUrl: endpoints.tokenUrl,
                        scopes: Object.fromEntries(SERVICE_CLIENT_SCOPES.map((s) => [fullScope(s), `The ${s} scope.`])),
                    },
                },
            },
            [SECURITY_SCHEMES.iam]: { type: "apiKey", name: "Authorization", in: "header", description: "AWS Signature Version 4." },
        };
    }
    return {
        [SECURITY_SCHEMES.apiKey]: apiKey,
        [SECURITY_SCHEMES.jwt]: {
            type: "apiKey",
            name: "Authorization",
            in: "header",
            "x-amazon-apigateway-authtype": "custom",
            "x-amazon-apigateway-authorizer": {
                type: "request",
                identitySource: "method.request.header.Authorization",
                authorizerUri: lambdaInvokeUri(aws.region, aws.authorizer.functionArn),
                authorizerResultTtlInSeconds: aws.authorizer.resultTtlSeconds,
            } satisfies LambdaAuthorizerExtension,
        },
        [SECURITY_SCHEMES.iam]: { type: "apiKey", name: "Authorization", in: "header", "x-amazon-apigateway-authtype": "awsSigv4" },
    };
}

/** The URI API Gateway invokes a Lambda function through. */
export function lambdaInvokeUri(region: string, functionArn: string): string {
    return `arn:aws:apigateway:${region}:lambda:path/2015-03-31/functions/${functionArn}/invocations`;
}

/**
 * A MOCK preflight that echoes the Origin only when it is one of the configured origins, so a browser on any
 * other origin gets no Access-Control-Allow-Origin.
 */
function preflight(path: string, methods: string[], origins: readonly string[]): OpenApiOperation {
    const headers = preflightHeaders(methods.map((m) => m.toUpperCase()));
    const originTest = origins.map((o) => `$origin == "${o}"`).join(" || ");
    const integration: MockIntegration = {
        type: "mock",
        requestTemplates: { "application/json": '{"statusCode": 200}' },
        passthroughBehavior: "when_no_match",
        responses: {
            default: {
                statusCode: "200",
                responseParameters: staticParameters("method.response.header.", headers),
                responseTemplates: {
                    "application/json": [
                        `#set($origin = $input.params().header.get("Origin"))`,
                        `#if($origin == "")#set($origin = $input.params().header.get("origin"))#end`,
                        `#if(${originTest})`,
                        `#set($context.responseOverride.header.Access-Control-Allow-Origin = $origin)`,
                        `#end`,
                    ].join("\n"),
                },
            },
        },
    };
    return {
        summary: `CORS preflight for ${path}`,
        security: [],
        responses: {
            200: {
                description: "Preflight answer.",
                headers: Object.fromEntries(["Access-Control-Allow-Origin", ...Object.keys(headers)].map((h) => [h, { schema: { type: "string" } }])),
            },
        },
        "x-amazon-apigateway-integration": integration,
    };
}

/** Static header values as API Gateway maps them: `<prefix><Name>` to the value in single quotes. */
function staticParameters(prefix: string, headers: Readonly<Record<string, string>>): Record<string, string> {
    return Object.fromEntries(Object.entries(headers).map(([name, value]) => [`${prefix}${name}`, `'${value}'`]));
}

/**
 * Gateway responses the API answers itself, rendered from the contract's table (responses.ts). With exactly one
 * browser origin the CORS header is static here, and with several the CloudFront response-headers policy adds it
 * for matching origins only.
 */
function gatewayResponses(origins: readonly string[]): Record<CustomizedGatewayResponseType, GatewayResponseExtension> {
    const headers = { ...GATEWAY_RESPONSE_HEADERS, ...(origins.length === 1 ? allowOriginHeaders(origins[0]) : {}) };
    const responseParameters = staticParameters("gatewayresponse.header.", headers);
    const responses = {} as Record<CustomizedGatewayResponseType, GatewayResponseExtension>;
    for (const type of GATEWAY_RESPONSE_TYPES) responses[type] = { responseParameters, responseTemplates: { "application/json": gatewayResponseTemplate(type) } };
    return responses;
}

/** The document as the string the REST API receives; stable key order makes its hash stable. */
export function serialize(doc: OpenApiDocument): string {
    return JSON.stringify(doc);
}
