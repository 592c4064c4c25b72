import type { Group } from "../contract";
import type { Tier } from "../config";

/*
 * The defaults of the components that local mode and the portal read too. They live here, away from the components
 * that use them, because this module imports nothing from Pulumi: loading @pulumi/aws and @pulumi/pulumi takes
 * seconds, and a warm `npm start` never needs them.
 */

/**
 * What the auth layer decides by itself. Each is the safe choice; none is configurable per stack.
 */
export const AUTH_LAYER_DEFAULTS = {
    /** Days an administrator-issued temporary password stays valid. */
    temporaryPasswordValidityDays: 3,
    /** Refresh-token lifetime of the web client, in days (Cognito's default is 30). */
    refreshTokenDays: 7,
    /** Minutes a sign-in session (between MFA steps) may last (Cognito allows 3 to 15). */
    authSessionMinutes: 3,
    /** Group precedence: the lower wins when a user is in both (admin before customer). */
    groupPrecedence: { admin: 1, customer: 10 } satisfies Record<Group, number>,
    /** Extra OAuth scopes the web client may ask for besides the API's. */
    webClientOidcScopes: ["openid", "email"],
    /**
     * The developer portal's sign-in callback and sign-out return, under the API's custom domain: the web client
     * lists them besides `auth.callbackUrls`/`logoutUrls`, so the portal's "Sign in" works on every stack with a
     * domain (local mode lists its own portal's the same way, local/app.ts).
     */
    portalCallbackPath: "/docs/callback.html",
    portalSignOutPath: "/docs/",
    /**
     * Feature plan when threat protection is off. Essentials is the cheapest plan that runs a V2_0
     * pre-token-generation trigger (access-token customization); threat protection needs Plus.
     */
    tierWithoutThreatProtection: "ESSENTIALS",
    tierWithThreatProtection: "PLUS",
} as const;

/** What the gateway decides by itself; none of it varies per stack. */
export const GATEWAY_COMPONENT_DEFAULTS = {
    /** CloudWatch namespace of the functions' custom metrics. */
    metricsNamespace: "Portcullis",
    /** Log level of every route function. */
    functionLogLevel: "INFO",
    /** Execution logging on every method: errors and request summaries, never bodies (dataTrace off). */
    methodLoggingLevel: "INFO",
    /** The stage's access log, one JSON object per request. */
    accessLogFormat: JSON.stringify({
        requestId: "$context.requestId",
        extendedRequestId: "$context.extendedRequestId",
        ip: "$context.identity.sourceIp",
        caller: "$context.identity.caller",
        user: "$context.identity.user",
        requestTime: "$context.requestTime",
        httpMethod: "$context.httpMethod",
        resourcePath: "$context.resourcePath",
        status: "$context.status",
        // THROTTLED vs QUOTA_EXCEEDED vs ACCESS_DENIED...: which gateway response answered, for the dashboard.
        errorResponseType: "$context.error.responseType",
        protocol: "$context.protocol",
        responseLength: "$context.responseLength",
        integrationLatency: "$context.integration.latency",
        integrationStatus: "$context.integration.status",
        authorizerError: "$context.authorizer.error",
        authorizerStatus: "$context.authorizer.status",
        authorizerLatency: "$context.authorizer.latency",
        wafStatus: "$context.waf.status",
        wafResponseCode: "$context.wafResponseCode",
        apiKeyId: "$context.identity.apiKeyId",
        xrayTraceId: "$context.xrayTraceId",
    }),
    /** Display names of the usage plans. */
    tierNames: { basic: "Basic", premium: "Premium", enterprise: "Enterprise" } satisfies Record<Tier, string>,
} as const;

/** S3 paths the distribution serves, by bucket; the bucket policies grant exactly these. */
export const EDGE_PATHS = { assets: ["/docs/*", "/assets/*"], private: ["/receipts/*"] } as const;
