import { ROUTES, type Route } from "../../contract";

/** What a request's method and path resolve to in the contract. */
export type RouteMatch =
    | { kind: "route"; route: Route; pathParameters: Record<string, string> }
    /** An `OPTIONS` request on a path the contract has, answered by the MOCK preflight when CORS is on. */
    | { kind: "preflight"; resourcePath: string };

interface Resource {
    path: string;
    segments: string[];
}

const RESOURCES: readonly Resource[] = [...new Set(ROUTES.map((r) => r.path))].map((path) => ({ path, segments: split(path) }));

/**
 * Resolves a request against the contract's resources the way API Gateway does: literal segments win over
 * `{param}` segments at the same depth, so `/v1/products/search` would never be taken for a product id.
 * Returns undefined when API Gateway would answer 403 Missing Authentication Token (no such resource or method).
 *
 * @param method - the HTTP method as sent.
 * @param path - the URL path as sent (still percent-encoded); path parameters are decoded.
 * @param preflight - whether the stage answers OPTIONS (only when CORS origins are configured).
 */
export function matchRoute(method: string, path: string, preflight: boolean): RouteMatch | undefined {
    const segments = split(path);
    const candidates = RESOURCES.filter((r) => r.segments.length === segments.length && r.segments.every((s, i) => isParam(s) || s === segments[i]));
    if (candidates.length === 0) return undefined;
    candidates.sort((a, b) => specificity(b) - specificity(a));
    const resource = candidates[0];
    if (method === "OPTIONS") return preflight ? { kind: "preflight", resourcePath: resource.path } : undefined;
    const route = ROUTES.find((r) => r.path === resource.path && r.method === method);
    if (route === undefined) return undefined;
    const pathParameters: Record<string, string> = {};
    resource.segments.forEach((s, i) => {
        if (isParam(s)) pathParameters[s.slice(1, -1)] = segments[i];
    });
    return { kind: "route", route, pathParameters };
}

function split(path: string): string[] {
    const trimmed = path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path;
    return trimmed
        .split("/")
        .slice(1)
        .map((s) => {
            try {
                return decodeURIComponent(s);
            } catch {
                return s;
            }
        });
}

function isParam(segment: string): boolean {
    return segment.startsWith("{") && segment.endsWith("}");
}

/** Literal segments earlier in the path weigh more, so the first differing segment decides. */
function specificity(resource: Resource): number {
    return resource.segments.reduce((score, s, i) => score + (isParam(s) ? 0 : 2 ** (32 - i)), 0);
}
