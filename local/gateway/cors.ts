import { buildOpenApi, ROUTE_FUNCTIONS, ROUTES, type OpenApiDocument } from "../../contract";

/**
 * The CORS answers of the stage. Preflight headers are read from the MOCK integration in the REST API body the
 * contract builds, so local and deployed preflights cannot drift apart.
 */
export class Cors {
    private readonly doc: OpenApiDocument;

    constructor(private readonly origins: readonly string[]) {
        const arn = "arn:aws:lambda:local:000000000000:function:local";
        this.doc = buildOpenApi({
            aws: {
                region: "local",
                functionArns: Object.fromEntries(ROUTE_FUNCTIONS.map((f) => [f, arn])) as Record<(typeof ROUTE_FUNCTIONS)[number], string>,
                authorizer: { functionArn: arn, resultTtlSeconds: 0 },
                integrationTimeoutMs: 29000,
                corsOrigins: origins,
            },
        });
    }

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
        const integration = this.doc.paths[resourcePath]?.options?.["x-amazon-apigateway-integration"] as
            | { responses: { default: { responseParameters: Record<string, string> } } }
            | undefined;
        const headers: Record<string, string> = { "Content-Type": "application/json" };
        for (const [key, literal] of Object.entries(integration?.responses.default.responseParameters ?? {})) {
            // `method.response.header.X` mapped from the static value `'...'`.
            headers[key.replace("method.response.header.", "")] = literal.replace(/^'|'$/g, "");
        }
        return { ...headers, ...this.allowOrigin(origin) };
    }

    /**
     * `Access-Control-Allow-Origin` for every other response, echoed only for a configured origin (in AWS the
     * CloudFront response-headers policy adds it, gateway errors included).
     */
    allowOrigin(origin: string | undefined): Record<string, string> {
        return origin !== undefined && this.origins.includes(origin) ? { "Access-Control-Allow-Origin": origin, Vary: "Origin" } : {};
    }
}
