import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from "aws-lambda";
import { routeAllows } from "../../contract/access";
import { findRoute, ROUTES } from "../../contract/routes";
import type { Route, RouteFunction } from "../../contract/types";
import type { CommonSettings } from "./env";
import { ApiError, ForbiddenError, NotFoundError, toApiError } from "./errors";
import { errorResponse, header, jsonResponse, ResponseContext } from "./http";
import { createLogger, createMetrics, Logger, Sink, stdoutSink } from "./log";
import { BodyValidator, compileSchema, parseJsonBody } from "./validate";

/** The caller as the Lambda authorizer described it in `requestContext.authorizer`. */
export interface Caller {
    principal: string;
    clientId: string;
    groups: string[];
    scopes: string[];
    isAdmin: boolean;
}

/** What an operation receives: the matched route, the validated body and accessors for the rest. */
export interface ApiRequest {
    event: APIGatewayProxyEvent;
    route: Route;
    requestId: string;
    log: Logger;
    /** Set for token-secured routes; undefined for public and IAM routes. */
    caller?: Caller;
    /** The body, parsed and validated against the route's schema; undefined for routes without one. */
    body: unknown;
    pathParam(name: string): string;
    query(name: string): string | undefined;
    header(name: string): string | undefined;
}

/** What an operation answers; errors are thrown as {@link ApiError}s instead. */
export interface Reply {
    status: number;
    body?: unknown;
    headers?: Record<string, string>;
}

/** One contract operation's implementation, keyed by `operationId`. */
export type Operation = (req: ApiRequest) => Promise<Reply>;

/** The Lambda handler type of every route function. */
export type ApiHandler = (event: APIGatewayProxyEvent, context?: Partial<Context>) => Promise<APIGatewayProxyResult>;

function callerOf(event: APIGatewayProxyEvent): Caller | undefined {
    const ctx = event.requestContext?.authorizer as Record<string, unknown> | null | undefined;
    if (!ctx || typeof ctx.principal !== "string" || ctx.principal === "") return undefined;
    const split = (v: unknown, sep: string) => (typeof v === "string" ? v.split(sep).filter((s) => s !== "") : []);
    const groups = split(ctx.groups, ",");
    return { principal: ctx.principal, clientId: String(ctx.clientId ?? ""), groups, scopes: split(ctx.scopes, " "), isAdmin: groups.includes("admin") };
}

/**
 * Builds the handler of a route function: routes by `event.resource` and `event.httpMethod` through the contract,
 * re-checks the caller's scopes and groups and the body (defence in depth), runs the operation, and turns every
 * outcome into the API's one response shape with one log line and one EMF record.
 *
 * @param fn - the function's name in the contract; a route of another function is answered 404.
 * @param operations - implementations by operationId; every route of `fn` must have one.
 * @param settings - logging, metrics and CORS settings.
 * @param sink - where logs and metrics go; default stdout.
 */
export function apiHandler(fn: RouteFunction, operations: Record<string, Operation>, settings: CommonSettings, sink: Sink = stdoutSink): ApiHandler {
    const validators = new Map<string, BodyValidator>();
    for (const operationId of Object.keys(operations)) {
        const route = findRouteById(operationId, fn);
        if (route.requestBody !== undefined) validators.set(operationId, compileSchema(route.requestBody));
    }
    const baseLog = createLogger(settings.serviceName, settings.logLevel, sink);
    return async (event, context) => {
        const started = Date.now();
        const requestId = event.requestContext?.requestId ?? context?.awsRequestId ?? "unknown";
        const log = baseLog.child({ requestId, ...(context?.awsRequestId ? { awsRequestId: context.awsRequestId } : {}) });
        const rctx: ResponseContext = { origin: header(event.headers, "origin"), corsOrigins: settings.corsOrigins };
        const route = findRoute(event.httpMethod, event.resource);
        const operationId = route?.function === fn ? route.operationId : "unmatched";
        const metrics = createMetrics(settings.metricsNamespace, { service: settings.serviceName, operation: operationId }, sink);
        let result: APIGatewayProxyResult;
        try {
            if (route === undefined || route.function !== fn || operations[route.operationId] === undefined) throw new NotFoundError("No such route.");
            const caller = callerOf(event);
            if (route.security.kind === "jwt" && (caller === undefined || !routeAllows(route, caller))) throw new ForbiddenError();
            const validator = validators.get(route.operationId);
            let body: unknown;
            if (validator !== undefined) {
                body = parseJsonBody(event);
                validator(body);
            }
            const reply = await operations[route.operationId]({
                event,
                route,
                requestId,
                log,
                caller,
                body,
                pathParam: (name) => event.pathParameters?.[name] ?? "",
                query: (name) => event.queryStringParameters?.[name] ?? undefined,
                header: (name) => header(event.headers, name),
            });
            result = jsonResponse(reply.status, reply.body, rctx, reply.headers);
        } catch (err) {
            const apiError: ApiError = toApiError(err);
            // Internal detail goes to the log only; the response carries the stable code and the request id. A value
            // a store refused is logged too: it is the client's error, but one the contract should have caught first.
            const e = err as { name?: string; message?: string; code?: string };
            if (apiError.status >= 500) {
                log.error("request failed", { operation: operationId, errorName: e?.name, errorMessage: e?.message, errorCode: e?.code });
            } else if (apiError.code === "InvalidValue") {
                log.warn("a store refused a value of the request", { operation: operationId, errorName: e?.name, errorMessage: e?.message });
            }
            result = errorResponse(apiError, requestId, rctx);
        }
        const latency = Date.now() - started;
        log.info("request", { operation: operationId, status: result.statusCode, latencyMs: latency });
        metrics.add("Requests", "Count", 1);
        metrics.add("Latency", "Milliseconds", latency);
        if (result.statusCode >= 500) metrics.add("Faults", "Count", 1);
        else if (result.statusCode >= 400) metrics.add("ClientErrors", "Count", 1);
        metrics.flush();
        return result;
    };
}

function findRouteById(operationId: string, fn: RouteFunction): Route {
    const route = ROUTES.find((r) => r.operationId === operationId);
    if (route === undefined || route.function !== fn) throw new Error(`${fn}: no route ${operationId} in the contract`);
    return route;
}
