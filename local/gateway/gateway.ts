import type { APIGatewayEventIdentity } from "aws-lambda";
import { randomBytes, randomUUID } from "crypto";
import type { FunctionKey } from "../../handlers";
import { concreteMethodArn, type Route } from "../../contract";
import { accessLogLine, parseAccessLogFormat, type ContextValues } from "./accessLog";
import { ApiKeys } from "./apiKeys";
import { RequestAuthorizer } from "./authorizer";
import { Cors } from "./cors";
import { GatewayError, gatewayErrors } from "./errors";
import { runIntegration } from "./integration";
import { lambdaContext } from "./lambdaContext";
import { authorizerEvent, clfTime, proxyEvent, type EventInput, type RequestIds, type StageCoordinates } from "./proxyEvent";
import { QuotaCounter } from "./quota";
import { header, headerMaps, queryMaps, type GatewayRequest } from "./request";
import { gatewayErrorResponse, type WireResponse } from "./responses";
import { matchRoute } from "./router";
import { verifySigV4 } from "./sigv4";
import { Throttles } from "./throttles";
import { traceHeader, traceId } from "./trace";
import type { Clock, GatewayOptions } from "./types";
import { RequestValidators } from "./validators";

/** API Gateway's hard limit on a REST API request body. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

/** Defaults of {@link GatewayOptions}. */
export const LOCAL_GATEWAY_DEFAULTS = {
    accountId: "123456789012",
    apiId: "portcullis",
    maxBodyBytes: MAX_BODY_BYTES,
} as const;

/** What the pipeline learned about a request, for the proxy event and the access log. */
interface Progress {
    log: ContextValues;
    identity: Partial<APIGatewayEventIdentity>;
    authorizer?: Record<string, string | number>;
}

/**
 * A REST API stage with the contract's routes, in API Gateway's order: body size, route, stage throttle,
 * authorization (SigV4 or the Lambda authorizer), API key, usage-plan throttle and quota, request validation,
 * then the Lambda proxy integration. Transport-free: `server.ts` feeds it requests and writes its responses.
 */
export class Gateway {
    readonly maxBodyBytes: number;
    private readonly now: Clock;
    private readonly stage: StageCoordinates;
    private readonly throttles: Throttles;
    private readonly quotas = new QuotaCounter();
    private readonly apiKeys: ApiKeys;
    private readonly validators = new RequestValidators();
    private readonly cors: Cors;
    private readonly authorizer: RequestAuthorizer;
    private readonly accessLogFormat: Record<string, string> | undefined;

    constructor(private readonly options: GatewayOptions) {
        this.now = options.now ?? Date.now;
        this.maxBodyBytes = options.maxBodyBytes ?? LOCAL_GATEWAY_DEFAULTS.maxBodyBytes;
        this.stage = {
            accountId: options.accountId ?? LOCAL_GATEWAY_DEFAULTS.accountId,
            apiId: options.apiId ?? LOCAL_GATEWAY_DEFAULTS.apiId,
            stage: options.config.gateway.stageName,
        };
        this.throttles = new Throttles(options.config.gateway);
        this.apiKeys = new ApiKeys(options.apiKeys);
        this.cors = new Cors(options.config.gateway.corsOrigins);
        this.accessLogFormat = options.accessLog === undefined ? undefined : parseAccessLogFormat(options.accessLog.format);
        this.authorizer = new RequestAuthorizer({
            ttlSeconds: options.config.gateway.authorizerCacheTtlSeconds,
            now: this.now,
        });
    }

    /**
     * Answers one request and writes its access-log line.
     *
     * @param bodyTooLarge - the transport stopped reading a body over {@link maxBodyBytes}.
     */
    async handle(request: GatewayRequest, bodyTooLarge = false): Promise<WireResponse> {
        const startMs = this.now();
        const headers = headerMaps(request.rawHeaders).single;
        const ids: RequestIds = {
            requestId: randomUUID(),
            extendedRequestId: randomBytes(12).toString("base64").replace(/[+/]/g, "A"),
            traceHeader: traceHeader(header(headers, "X-Amzn-Trace-Id"), startMs),
            startMs,
        };
        const progress: Progress = {
            identity: {},
            log: {
                "$context.requestId": ids.requestId,
                "$context.extendedRequestId": ids.extendedRequestId,
                "$context.identity.sourceIp": request.sourceIp,
                "$context.identity.userAgent": header(headers, "User-Agent"),
                "$context.requestTime": clfTime(startMs),
                "$context.requestTimeEpoch": startMs,
                "$context.httpMethod": request.method,
                "$context.path": `/${this.stage.stage}${request.rawPath}`,
                "$context.protocol": request.protocol,
                "$context.xrayTraceId": traceId(ids.traceHeader),
            },
        };
        let response: WireResponse;
        try {
            if (bodyTooLarge || request.body.length > this.maxBodyBytes) throw gatewayErrors.requestTooLong();
            response = await this.route(request, headers, ids, progress);
        } catch (err) {
            const error = err instanceof GatewayError ? err : gatewayErrors.internal();
            progress.log["$context.error.message"] = error.gatewayMessage;
            progress.log["$context.error.responseType"] = error.type;
            response = gatewayErrorResponse(error);
        }
        const origin = header(headers, "Origin");
        for (const [name, value] of Object.entries(this.cors.allowOrigin(origin))) {
            if (!Object.keys(response.headers).some((k) => k.toLowerCase() === name.toLowerCase())) response.headers[name] = [value];
        }
        response.headers["x-amzn-RequestId"] = [ids.requestId];
        response.headers["x-amz-apigw-id"] = [ids.extendedRequestId];
        response.headers["X-Amzn-Trace-Id"] = [ids.traceHeader];
        progress.log["$context.status"] = response.status;
        progress.log["$context.responseLength"] = response.body.length;
        progress.log["$context.responseLatency"] = this.now() - startMs;
        if (this.accessLogFormat !== undefined) this.options.accessLog?.sink.write(`${accessLogLine(this.accessLogFormat, progress.log)}\n`);
        return response;
    }

    private async route(request: GatewayRequest, headers: Record<string, string>, ids: RequestIds, progress: Progress): Promise<WireResponse> {
        const match = matchRoute(request.method, request.rawPath, this.cors.enabled);
        if (match === undefined) throw gatewayErrors.missingAuthenticationToken();
        if (match.kind === "preflight") {
            progress.log["$context.resourcePath"] = match.resourcePath;
            if (!this.cors.preflightAllowed(match.resourcePath)) throw gatewayErrors.resourcePolicyDeny(this.methodArn("OPTIONS", request.rawPath));
            const preflight = this.cors.preflight(match.resourcePath, header(headers, "Origin"));
            return { status: 200, headers: Object.fromEntries(Object.entries(preflight).map(([k, v]) => [k, [v]])), body: Buffer.alloc(0) };
        }
        const { route, pathParameters } = match;
        progress.log["$context.resourcePath"] = route.path;
        if (!this.throttles.takeStage(route, this.now())) throw gatewayErrors.tooManyRequests();
        const input = (): EventInput => ({
            request,
            route,
            pathParameters,
            stage: this.stage,
            ids,
            identity: progress.identity,
            authorizer: progress.authorizer,
        });
        await this.authorize(request, headers, route, input, progress);
        if (route.apiKeyRequired) this.meter(headers, route, progress);
        const invalid = this.validators.check(route, { headers, query: queryMaps(request.query).single, pathParameters, body: request.body });
        if (invalid !== undefined) throw invalid;
        return this.integrate(route, input(), progress);
    }

    private async authorize(request: GatewayRequest, headers: Record<string, string>, route: Route, input: () => EventInput, progress: Progress): Promise<void> {
        const kind = route.security.kind;
        switch (kind) {
            case "public":
                return;
            case "iam": {
                const lower: Record<string, string[]> = {};
                for (const [name, values] of Object.entries(headerMaps(request.rawHeaders).multi)) (lower[name.toLowerCase()] ??= []).push(...values);
                if (request.received !== undefined) lower.host = [request.received.host];
                const iam = await verifySigV4(
                    { method: request.method, rawPath: request.received?.rawPath ?? request.rawPath, query: request.query, headers: lower, body: request.body },
                    this.options.credentials ?? {},
                    this.options.config.region,
                    this.stage.accountId,
                    this.now(),
                );
                Object.assign(progress.identity, iam);
                progress.log["$context.identity.userArn"] = iam.userArn;
                progress.log["$context.identity.caller"] = iam.caller;
                progress.log["$context.identity.user"] = iam.user;
                return;
            }
            case "jwt": {
                const methodArn = this.methodArn(route.method, request.rawPath);
                const call = () => this.invoke("authorizer", authorizerEvent(input(), methodArn), input().ids.traceHeader);
                try {
                    const decision = await this.authorizer.authorize(header(headers, "Authorization"), methodArn, call);
                    progress.authorizer = decision.context;
                    progress.log["$context.authorizer.principalId"] = decision.principalId;
                    progress.log["$context.authorizer.latency"] = decision.latencyMs;
                    progress.log["$context.authorizer.status"] = 200;
                } catch (err) {
                    if (err instanceof GatewayError) {
                        progress.log["$context.authorizer.status"] = err.status;
                        progress.log["$context.authorizer.error"] = err.gatewayMessage;
                    }
                    throw err;
                }
                return;
            }
            default: {
                const exhaustive: never = kind;
                throw new Error(`Unknown route security ${String(exhaustive)}`);
            }
        }
    }

    /** API key, then the key's usage-plan throttle, then its quota. */
    private meter(headers: Record<string, string>, route: Route, progress: Progress): void {
        const key = this.apiKeys.find(header(headers, "x-api-key"));
        if (key === undefined) throw gatewayErrors.forbidden();
        progress.identity.apiKey = key.value;
        progress.identity.apiKeyId = key.id;
        progress.log["$context.identity.apiKeyId"] = key.id;
        const now = this.now();
        if (!this.throttles.takePlan(key.id, key.tier, route, now)) throw gatewayErrors.tooManyRequests();
        if (!this.quotas.consume(key.id, this.options.config.gateway.tiers[key.tier].quota, now)) throw gatewayErrors.limitExceeded();
    }

    private async integrate(route: Route, input: EventInput, progress: Progress): Promise<WireResponse> {
        const started = this.now();
        const event = proxyEvent(input);
        try {
            const result = await runIntegration(() => this.invoke(route.function, event, input.ids.traceHeader), this.options.config.gateway.integrationTimeoutMs);
            progress.log["$context.integration.status"] = 200;
            const headers = result.headers;
            if (!Object.keys(headers).some((k) => k.toLowerCase() === "content-type")) headers["Content-Type"] = ["application/json"];
            return { status: result.status, headers, body: result.body };
        } finally {
            progress.log["$context.integrationLatency"] = progress.log["$context.integration.latency"] = this.now() - started;
        }
    }

    /** `arn:aws:execute-api:<region>:<account>:<apiId>/<stage>/<METHOD>/<path>`, the ARN policies are evaluated on. */
    private methodArn(method: string, path: string): string {
        const prefix = `arn:aws:execute-api:${this.options.config.region}:${this.stage.accountId}:${this.stage.apiId}/${this.stage.stage}`;
        return concreteMethodArn(prefix, method, path);
    }

    private invoke(fn: FunctionKey, event: unknown, trace: string): Promise<unknown> {
        const { config } = this.options;
        const context = lambdaContext({
            fn,
            prefix: config.prefix,
            region: config.region,
            accountId: this.stage.accountId,
            memoryMb: config.lambda.memoryMb,
            timeoutMs: config.lambda.timeoutSeconds * 1000,
            traceHeader: trace,
            now: this.now,
        });
        // A synchronous throw is a function error too; keep it on the promise path.
        return Promise.resolve().then(() => this.options.invoke(fn, event, context));
    }
}
