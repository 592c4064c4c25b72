/** A request as it reached the gateway, before any API Gateway processing. */
export interface GatewayRequest {
    method: string;
    /** The URL path as sent, still percent-encoded, without the query string. */
    rawPath: string;
    /** Decoded query pairs in the order sent. */
    query: ReadonlyArray<readonly [string, string]>;
    /** Header names and values alternating, names in the client's casing (Node's `rawHeaders`). */
    rawHeaders: readonly string[];
    body: Buffer;
    sourceIp: string;
    /** `HTTP/1.1`. */
    protocol: string;
    /**
     * The host and path API Gateway itself receives, which a SigV4 signature must cover: for a request through
     * the distribution, the execute-api host and the path with the stage (CloudFront replaces Host and prepends
     * the origin path); for a direct call to the regional endpoint, the request as sent. Default: the request's
     * own Host header and `rawPath`.
     */
    received?: { host: string; rawPath: string };
}

/** Headers as the proxy event carries them: last value wins in `single`, all values in `multi`, casing as sent. */
export interface HeaderMaps {
    single: Record<string, string>;
    multi: Record<string, string[]>;
}

/**
 * Groups raw headers under the first casing a client used for each name, as API Gateway keeps the casing it
 * received instead of lower-casing like Node.
 */
export function headerMaps(rawHeaders: readonly string[]): HeaderMaps {
    const casing = new Map<string, string>();
    const multi: Record<string, string[]> = {};
    for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
        const lower = rawHeaders[i].toLowerCase();
        const name = casing.get(lower) ?? rawHeaders[i];
        casing.set(lower, name);
        (multi[name] ??= []).push(rawHeaders[i + 1]);
    }
    const single = Object.fromEntries(Object.entries(multi).map(([k, v]) => [k, v[v.length - 1]]));
    return { single, multi };
}

/** A header's last value by case-insensitive name, as API Gateway matches header names. */
export function header(headers: Readonly<Record<string, string>>, name: string): string | undefined {
    const lower = name.toLowerCase();
    let found: string | undefined;
    for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === lower) found = v;
    return found;
}

/** Query pairs as the proxy event carries them; null when there are none, as API Gateway sends. */
export function queryMaps(query: GatewayRequest["query"]): { single: Record<string, string> | null; multi: Record<string, string[]> | null } {
    if (query.length === 0) return { single: null, multi: null };
    const multi: Record<string, string[]> = {};
    for (const [k, v] of query) (multi[k] ??= []).push(v);
    const single = Object.fromEntries(Object.entries(multi).map(([k, v]) => [k, v[v.length - 1]]));
    return { single, multi };
}
