import { allowOriginHeaders, preflightHeaders, ROUTES } from "../../contract";

/**
 * The CORS answers of the stage, from the contract's CORS headers (contract/responses.ts), which the REST API
 * body's MOCK preflights and gateway responses render too, so local and deployed answers cannot drift apart.
 */
export class Cors {
    constructor(private readonly origins: readonly string[]) {}

    /** Whether the stage has OPTIONS methods at all (only when origins are configured). */
    get enabled(): boolean {
        return this.origins.length > 0;
    }

    /**
     * Whether the stage's resource policy lets anyone call OPTIONS on a resource: only where a browser may follow
     * up, never on IAM-only paths (`GatewayWithTiers.resourcePolicy`).
     */
    preflightAllowed(resourcePath: string): boolean {
        return ROUTES.some((r) => r.path === resourcePath && r.security.kind !== "iam");
    }

    /**
     * The MOCK preflight's headers for a resource: allowed methods, headers, max age and `Vary: Origin` always,
     * `Access-Control-Allow-Origin` only for a configured origin.
     */
    preflight(resourcePath: string, origin: string | undefined): Record<string, string> {
        // The stage has an OPTIONS method on a resource only when origins are configured.
        const methods = this.enabled ? ROUTES.filter((r) => r.path === resourcePath).map((r) => r.method) : [];
        const headers = methods.length > 0 ? preflightHeaders(methods) : {};
        return { "Content-Type": "application/json", ...headers, ...this.allowOrigin(origin) };
    }

    /**
     * `Access-Control-Allow-Origin` for every other response, echoed only for a configured origin (in AWS the
     * CloudFront response-headers policy adds it, gateway errors included).
     */
    allowOrigin(origin: string | undefined): Record<string, string> {
        return origin !== undefined && this.origins.includes(origin) ? allowOriginHeaders(origin) : {};
    }
}
