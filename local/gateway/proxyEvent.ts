import type { APIGatewayEventIdentity, APIGatewayEventRequestContext, APIGatewayProxyEvent, APIGatewayRequestAuthorizerEvent } from "aws-lambda";
import { createHash } from "crypto";
import type { Route } from "../../contract";
import { headerMaps, queryMaps, type GatewayRequest, type HeaderMaps } from "./request";

/** Ids and times API Gateway assigns a request when it arrives. */
export interface RequestIds {
    requestId: string;
    extendedRequestId: string;
    /** The full `X-Amzn-Trace-Id` header value. */
    traceHeader: string;
    startMs: number;
}

/** Where the stage lives, for ARNs and `requestContext`. */
export interface StageCoordinates {
    accountId: string;
    apiId: string;
    stage: string;
}

/** Everything the proxy event and the authorizer event are built from. */
export interface EventInput {
    request: GatewayRequest;
    route: Route;
    pathParameters: Record<string, string>;
    stage: StageCoordinates;
    ids: RequestIds;
    /** Identity fields known so far (API key, IAM caller); the rest are null as in AWS. */
    identity: Partial<APIGatewayEventIdentity>;
    /** `requestContext.authorizer` of a route behind the Lambda authorizer; absent elsewhere, as in AWS. */
    authorizer?: Record<string, string | number>;
}

/**
 * The headers a function sees: the client's, plus the ones API Gateway adds (`X-Forwarded-*`, the trace header)
 * in the same casing AWS uses.
 */
export function forwardedHeaders(request: GatewayRequest, traceHeader: string): HeaderMaps {
    const { single, multi } = headerMaps(request.rawHeaders);
    const set = (name: string, value: string) => {
        const existing = Object.keys(multi).find((k) => k.toLowerCase() === name.toLowerCase());
        if (existing !== undefined && existing !== name) {
            delete multi[existing];
            delete single[existing];
        }
        multi[name] = [value];
        single[name] = value;
    };
    const forwardedFor = single[Object.keys(single).find((k) => k.toLowerCase() === "x-forwarded-for") ?? ""];
    set("X-Forwarded-For", forwardedFor ? `${forwardedFor}, ${request.sourceIp}` : request.sourceIp);
    set("X-Forwarded-Proto", "http");
    set("X-Forwarded-Port", hostPort(single) ?? "80");
    set("X-Amzn-Trace-Id", traceHeader);
    return { single, multi };
}

function hostPort(headers: Record<string, string>): string | undefined {
    const host = Object.entries(headers).find(([k]) => k.toLowerCase() === "host")?.[1];
    return host?.split(":")[1];
}

/** `09/Apr/2015:12:34:56 +0000`, the CLF time API Gateway puts in `requestTime`. */
export function clfTime(ms: number): string {
    const d = new Date(ms);
    const month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][d.getUTCMonth()];
    const pad = (n: number) => String(n).padStart(2, "0");
    return `${pad(d.getUTCDate())}/${month}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}

/** A stable 6-character resource id per resource path, like the ids API Gateway gives resources. */
export function resourceId(resourcePath: string): string {
    return createHash("sha256").update(resourcePath).digest("hex").slice(0, 6);
}

function identity(request: GatewayRequest, known: Partial<APIGatewayEventIdentity>, headers: Record<string, string>): APIGatewayEventIdentity {
    const userAgent = Object.entries(headers).find(([k]) => k.toLowerCase() === "user-agent")?.[1] ?? null;
    return {
        accessKey: null,
        accountId: null,
        apiKey: null,
        apiKeyId: null,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: request.sourceIp,
        user: null,
        userAgent,
        userArn: null,
        ...known,
    };
}

/** `requestContext` of the v1.0 proxy event (and, without `authorizer`, of the authorizer event). */
export function requestContext(input: EventInput, headers: Record<string, string>): APIGatewayEventRequestContext {
    const host = Object.entries(headers).find(([k]) => k.toLowerCase() === "host")?.[1] ?? "localhost";
    const context: APIGatewayEventRequestContext = {
        accountId: input.stage.accountId,
        apiId: input.stage.apiId,
        authorizer: input.authorizer,
        domainName: host,
        domainPrefix: host.split(".")[0],
        extendedRequestId: input.ids.extendedRequestId,
        httpMethod: input.route.method,
        identity: identity(input.request, input.identity, headers),
        path: `/${input.stage.stage}${input.request.rawPath}`,
        protocol: input.request.protocol,
        requestId: input.ids.requestId,
        requestTime: clfTime(input.ids.startMs),
        requestTimeEpoch: input.ids.startMs,
        resourceId: resourceId(input.route.path),
        resourcePath: input.route.path,
        stage: input.stage.stage,
    };
    // AWS omits the key entirely on routes without a Lambda authorizer.
    if (input.authorizer === undefined) delete (context as Partial<APIGatewayEventRequestContext>).authorizer;
    return context;
}

function common(input: EventInput) {
    const headers = forwardedHeaders(input.request, input.ids.traceHeader);
    const query = queryMaps(input.request.query);
    return {
        resource: input.route.path,
        path: input.request.rawPath,
        httpMethod: input.route.method,
        headers: headers.single,
        multiValueHeaders: headers.multi,
        queryStringParameters: query.single,
        multiValueQueryStringParameters: query.multi,
        pathParameters: Object.keys(input.pathParameters).length > 0 ? input.pathParameters : null,
        stageVariables: null,
        requestContext: requestContext(input, headers.single),
    };
}

/** The Lambda proxy integration event, payload format 1.0, with every field API Gateway sends. */
export function proxyEvent(input: EventInput): APIGatewayProxyEvent {
    return {
        ...common(input),
        // Without binary media types on the API, API Gateway hands the body over as text, never base64.
        body: input.request.body.length > 0 ? input.request.body.toString("utf8") : null,
        isBase64Encoded: false,
    };
}

/** The REQUEST authorizer event for the concrete method ARN. */
export function authorizerEvent(input: EventInput, methodArn: string): APIGatewayRequestAuthorizerEvent {
    const base = common({ ...input, authorizer: undefined });
    return { type: "REQUEST", methodArn, ...base, requestContext: base.requestContext as APIGatewayRequestAuthorizerEvent["requestContext"] };
}
