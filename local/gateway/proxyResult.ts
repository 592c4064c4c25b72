/** A function's proxy result once API Gateway has accepted it. */
export interface ProxyResponse {
    status: number;
    /** Header values by name as the function set them, `headers` and `multiValueHeaders` merged. */
    headers: Record<string, string[]>;
    body: Buffer;
}

const ALLOWED_KEYS = new Set(["statusCode", "headers", "multiValueHeaders", "body", "isBase64Encoded"]);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isScalar = (v: unknown): v is string | number | boolean => typeof v === "string" || typeof v === "number" || typeof v === "boolean";

/**
 * Checks a Lambda proxy result as API Gateway does and returns undefined for what it calls a "Malformed Lambda
 * proxy response" (answered 502): not an object, a key outside the proxy format, a statusCode that is not an
 * HTTP status, a body that is not a string, or headers that are not string-valued maps.
 */
export function parseProxyResult(result: unknown): ProxyResponse | undefined {
    if (!isObject(result) || Object.keys(result).some((k) => !ALLOWED_KEYS.has(k))) return undefined;
    const status = typeof result.statusCode === "string" && /^\d+$/.test(result.statusCode) ? Number(result.statusCode) : result.statusCode;
    if (typeof status !== "number" || !Number.isInteger(status) || status < 100 || status > 599) return undefined;
    if (result.body !== undefined && result.body !== null && typeof result.body !== "string") return undefined;
    if (result.isBase64Encoded !== undefined && typeof result.isBase64Encoded !== "boolean") return undefined;
    const headers: Record<string, string[]> = {};
    if (result.headers !== undefined && result.headers !== null) {
        if (!isObject(result.headers) || !Object.values(result.headers).every(isScalar)) return undefined;
        for (const [k, v] of Object.entries(result.headers)) headers[k] = [String(v)];
    }
    if (result.multiValueHeaders !== undefined && result.multiValueHeaders !== null) {
        if (!isObject(result.multiValueHeaders)) return undefined;
        for (const [k, values] of Object.entries(result.multiValueHeaders)) {
            if (!Array.isArray(values) || !values.every(isScalar)) return undefined;
            // Like API Gateway, multi-value entries replace a single-value header of the same name.
            headers[k] = values.map(String);
        }
    }
    // Without binary media types on the API, API Gateway returns a base64 body as the text it is.
    const body = Buffer.from(typeof result.body === "string" ? result.body : "", "utf8");
    return { status, headers, body };
}
