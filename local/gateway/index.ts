/**
 * The local API Gateway REST API stage: the contract's routes with API Gateway's own semantics (API keys,
 * usage-plan token buckets and quotas, the Lambda authorizer and its cache, SigV4, request validators, CORS,
 * gateway responses, the Lambda proxy event) in front of any Lambda handlers.
 */
export { startGateway, type RunningGateway, type ListenSettings } from "./server";
export { Gateway, LOCAL_GATEWAY_DEFAULTS, MAX_BODY_BYTES } from "./gateway";
export type { AccessLogSettings } from "./accessLog";
export type { ApiKeyBinding, Clock, GatewayOptions, Invoke, LineSink, LocalCredential, LocalLambdaContext } from "./types";
