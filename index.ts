import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AuthLayer } from "./components/authLayer";
import { DataLayer } from "./components/dataLayer";
import { edgeRegionProvider } from "./components/edgeRegion";
import { EdgeSecurity } from "./components/edgeSecurity";
import { GatewayWithTiers } from "./components/gatewayWithTiers";
import { Observability } from "./components/observability";
import type { EdgeRefs } from "./components/types";
import { loadConfig } from "./config";

// Reads and validates every config key first: a bad value fails here, before any resource is created.
const { config, secrets } = loadConfig();

// Looked up once: key policies, bucket policies, function ARNs and invoke permissions all name this account.
const accountId = aws.getCallerIdentityOutput({}).accountId;
// CloudFront's region, for the edge web ACL and everything that watches or logs it.
const edgeProvider = edgeRegionProvider();

// Observability comes first: log groups must exist before the functions that write to them, and its alarms
// watch resources by the physical names every component derives from `config.prefix` (components/naming.ts).
const observability = new Observability("observability", { config, accountId, edgeProvider });

const data = new DataLayer("data", { config, accountId, logGroups: observability.logGroups });

const auth = new AuthLayer("auth", { config, accountId, logGroups: observability.logGroups });

// The receipt function needs the edge's URL and signing key, and the edge needs the REST API in front of
// which it stands. The REST API body names functions by their deterministic ARNs, so the only real ordering is
// RestApi -> distribution -> functions -> deployment; a deferred output expresses it without a cycle.
const [edgeRefs, resolveEdgeRefs] = pulumi.deferredOutput<EdgeRefs>();

const gateway = new GatewayWithTiers("gateway", {
    config,
    accountId,
    logGroups: observability.logGroups,
    data: data.refs,
    auth: auth.refs,
    edge: edgeRefs,
});

const edge = new EdgeSecurity("edge", {
    config,
    secrets,
    edgeProvider,
    restApiId: gateway.restApi.id,
    webClientId: auth.webClient.id,
    stageArn: gateway.stage.arn,
    data: data.refs,
    logGroups: observability.logGroups,
});
resolveEdgeRefs(edge.refs);

/** The public base URL of the API (CloudFront); the execute-api URL refuses requests that bypass it. */
export const apiUrl = edge.refs.apply((e) => e.baseUrl);
/**
 * Where AWS-side callers send the internal routes (`POST <internalApiUrl>/v1/internal/stock`), SigV4-signed for
 * this host and path; the public URL cannot carry a signature API Gateway would accept.
 */
export const internalApiUrl = edge.internalApiUrl;
/** The record to create for the custom domain when `edge.domain.hostedZoneId` is unset (else Route 53 aliases exist). */
export const dnsRecordToCreate = edge.dnsRecordToCreate;
export const distributionId = edge.distribution.id;
export const restApiId = gateway.restApi.id;
export const stageName = gateway.stage.stageName;
export const userPoolId = auth.refs.userPoolId;
export const issuer = auth.refs.issuer;
export const webClientId = auth.webClient.id;
export const serviceClientId = auth.serviceClient.id;
/** The password client for scripts (InitiateAuth USER_PASSWORD_AUTH); undefined where `auth.passwordClient` is off. */
export const cliClientId = auth.cliClient?.id;
export const hostedUiDomain = auth.domain.domain;
/** API key ids per client; read a key's value with `aws apigateway get-api-key --include-value`. */
export const apiKeyIds = gateway.apiKeyIds;
export const tableName = data.refs.tableName;
/** Bucket behind `/docs` and `/assets`; `scripts/publish-sdks.sh` adds the generated SDKs there. */
export const assetsBucket = data.refs.assets.bucket;
export const clusterArn = data.refs.clusterArn;
export const alarmTopicArn = observability.alarmTopic.arn;
export const dashboardName = observability.dashboard.dashboardName;
