import type * as pulumi from "@pulumi/pulumi";
import type { StackConfig } from "../../config";
import { ORIGIN_VERIFY_HEADER } from "../naming";

/** Settings of the edge that are not configuration: the security-relevant ones are fixed on purpose. */
export const EDGE_SECURITY_DEFAULTS = {
    /** Alphanumeric only: the value travels as an HTTP header and as a WAF search string (at most 200). */
    originVerifyLength: 48,
    signingKeyRsaBits: 2048,
    originSslProtocols: ["TLSv1.2"],
    viewerMinimumProtocolVersion: "TLSv1.2_2021",
    /** Two years, the value the HSTS preload list requires. */
    hstsMaxAgeSeconds: 63072000,
    referrerPolicy: "strict-origin-when-cross-origin",
    /**
     * API cache TTLs. AWS rejects header keys in a policy whose three TTLs are 0 ("caching disabled"), and a
     * header must be in the key to reach the origin, so max is 1 second: CloudFront then caches nothing unless
     * the origin asks for it, and the API always answers `Cache-Control: no-store`.
     */
    apiCacheTtlSeconds: { min: 0, default: 0, max: 1 },
    /** Credentials the API needs; in the cache key, so no response can ever be shared across callers. */
    apiCacheKeyHeaders: ["Authorization", "x-api-key"],
    allMethods: ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"],
    readMethods: ["GET", "HEAD"],
    corsAllowMethods: ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
    corsExposeHeaders: ["ETag", "Location"],
    /** Headers WAF logs must never contain: credentials and the origin-verify secret. */
    redactedHeaders: ["authorization", "x-api-key", ORIGIN_VERIFY_HEADER.toLowerCase()],
    managedPolicies: {
        cachingOptimized: "Managed-CachingOptimized",
        cachingDisabled: "Managed-CachingDisabled",
        allViewerExceptHostHeader: "Managed-AllViewerExceptHostHeader",
    },
    /** Days Secrets Manager keeps a deleted secret in protected stacks; unprotected ones delete at once. */
    secretRecoveryDays: 30,
} as const;


/** What every edge builder works from: the component's name, the config, and where its children go. */
export interface EdgeScope {
    /** The component's name; every child's logical name starts with it. */
    name: string;
    config: StackConfig;
    /** Options of children in the stack's region (parented to the component). */
    child: pulumi.CustomResourceOptions;
    /** Options of children in CloudFront's region (parented to the component, with the us-east-1 provider). */
    global: pulumi.CustomResourceOptions;
}
