import { ALGORITHM_IDENTIFIER, getCanonicalHeaders, getSigningKey, SignatureV4 } from "@smithy/signature-v4";
import type { HttpRequest } from "@smithy/types";
import { createHash, createHmac, timingSafeEqual } from "crypto";
import { gatewayErrors } from "./errors";
import { Sha256 } from "./sha256";
import type { LocalCredential } from "./types";

/** How far X-Amz-Date may be from the gateway's clock, as AWS allows. */
const MAX_SKEW_MS = 5 * 60 * 1000;
const SERVICE = "execute-api";

/** A request as SigV4 sees it. */
export interface SignedRequest {
    method: string;
    /** The path exactly as sent. */
    rawPath: string;
    query: ReadonlyArray<readonly [string, string]>;
    /** Header values by lower-case name, repeated values in order. */
    headers: Readonly<Record<string, readonly string[]>>;
    body: Buffer;
}

/** The IAM caller of a verified request, as `requestContext.identity` reports it. */
export interface IamIdentity {
    accessKey: string;
    accountId: string;
    caller: string;
    user: string;
    userArn: string;
}

/** Exposes the canonical request and string to sign, which AWS quotes back when a signature does not match. */
class Canonicalizer extends SignatureV4 {
    constructor(region: string) {
        super({ credentials: { accessKeyId: "", secretAccessKey: "" }, region, service: SERVICE, sha256: Sha256 });
    }

    canonicalRequest(request: HttpRequest, signedHeaders: ReadonlySet<string>, payloadHash: string): string {
        return this.createCanonicalRequest(request, getCanonicalHeaders(request, undefined, new Set(signedHeaders)), payloadHash);
    }

    stringToSign(longDate: string, scope: string, canonicalRequest: string): Promise<string> {
        return this.createStringToSign(longDate, scope, canonicalRequest, ALGORITHM_IDENTIFIER);
    }
}

/** `20240522T115159Z` to epoch ms; NaN when malformed. */
function parseAmzDate(value: string): number {
    const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
    return m ? Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) : NaN;
}

function amzDate(ms: number): string {
    return new Date(ms).toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}

/** The Authorization header's `key=value` parameters, or AWS's message for a header that has none (`Bearer ...`). */
function parseAuthorization(value: string): Record<string, string> | string {
    const params: Record<string, string> = {};
    const space = value.indexOf(" ");
    const rest = space < 0 ? "" : value.slice(space + 1).trim();
    for (const part of rest.split(",")) {
        const eq = part.indexOf("=");
        if (!value.startsWith(`${ALGORITHM_IDENTIFIER} `) || eq < 0) {
            const digest = createHash("sha256").update(value).digest("base64");
            return `Invalid key=value pair (missing equal-sign) in Authorization header (hashed with SHA-256 and encoded with Base64): '${digest}'.`;
        }
        params[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
    }
    return params;
}

/**
 * Verifies an AWS Signature Version 4 the way execute-api does, recomputing it with `@smithy/signature-v4`'s
 * canonicalisation for the caller's local secret, and returns the caller. Throws API Gateway's own 403 answers:
 * Missing Authentication Token without an Authorization header, IncompleteSignature for a malformed one,
 * UnrecognizedClient for an unknown access key, "Signature expired" outside five minutes, and the mismatch
 * message with the canonical request and string to sign AWS expected.
 */
export async function verifySigV4(
    request: SignedRequest,
    credentials: Readonly<Record<string, LocalCredential | string>>,
    region: string,
    accountId: string,
    nowMs: number,
): Promise<IamIdentity> {
    const authorization = request.headers["authorization"]?.at(-1);
    if (authorization === undefined || authorization === "") throw gatewayErrors.missingAuthenticationToken();
    const params = parseAuthorization(authorization);
    if (typeof params === "string") throw gatewayErrors.incompleteSignature(params);
    const dateHeader = request.headers["x-amz-date"]?.at(-1);
    const missing = [
        ...["Credential", "Signature", "SignedHeaders"].filter((p) => params[p] === undefined).map((p) => `Authorization header requires '${p}' parameter.`),
        ...(dateHeader === undefined ? ["Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header."] : []),
    ];
    if (missing.length > 0) {
        throw gatewayErrors.incompleteSignature(`${missing.join(" ")} Authorization=${authorization}`.trim());
    }
    const [accessKeyId, shortDate, scopeRegion, service, terminator] = params.Credential.split("/");
    if (terminator !== "aws4_request") throw gatewayErrors.incompleteSignature(`Credential should be scoped to terminate with 'aws4_request'. `);
    if (scopeRegion !== region) throw gatewayErrors.incompleteSignature(`Credential should be scoped to a valid region. `);
    if (service !== SERVICE) throw gatewayErrors.incompleteSignature(`Credential should be scoped to correct service: '${SERVICE}'. `);
    const signedHeaders = params.SignedHeaders.split(";");
    if (!signedHeaders.includes("host")) throw gatewayErrors.incompleteSignature("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
    const credential = credentials[accessKeyId];
    if (credential === undefined) throw gatewayErrors.unrecognizedClient();
    const signedAt = parseAmzDate(dateHeader ?? "");
    if (Number.isNaN(signedAt)) throw gatewayErrors.incompleteSignature(`Date must be in ISO-8601 'basic format'. Got '${dateHeader}'. See http://en.wikipedia.org/wiki/ISO_8601`);
    if (signedAt < nowMs - MAX_SKEW_MS) {
        throw gatewayErrors.invalidSignature(`Signature expired: ${dateHeader} is now earlier than ${amzDate(nowMs - MAX_SKEW_MS)} (${amzDate(nowMs)} - 5 min.)`);
    }
    if (signedAt > nowMs + MAX_SKEW_MS) {
        throw gatewayErrors.invalidSignature(`Signature not yet current: ${dateHeader} is still later than ${amzDate(nowMs + MAX_SKEW_MS)} (${amzDate(nowMs)} + 5 min.)`);
    }
    if (shortDate !== dateHeader?.slice(0, 8)) {
        throw gatewayErrors.invalidSignature(
            `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${shortDate}' != '${dateHeader?.slice(0, 8)}', from '${dateHeader}'.`,
        );
    }

    const secretAccessKey = typeof credential === "string" ? credential : credential.secretAccessKey;
    const httpRequest: HttpRequest = {
        method: request.method,
        protocol: "https:",
        hostname: request.headers["host"]?.at(-1) ?? "",
        path: request.rawPath,
        query: multiQuery(request.query),
        headers: Object.fromEntries(signedHeaders.map((h) => [h, (request.headers[h] ?? []).join(",")])),
    };
    // The body is hashed as received, never taken from x-amz-content-sha256, so a signature always covers it.
    const payloadHash = createHash("sha256").update(request.body).digest("hex");
    const canonicalizer = new Canonicalizer(region);
    const canonicalRequest = canonicalizer.canonicalRequest(httpRequest, new Set(signedHeaders), payloadHash);
    const scope = `${shortDate}/${region}/${SERVICE}/aws4_request`;
    const stringToSign = await canonicalizer.stringToSign(dateHeader!, scope, canonicalRequest);
    const key = await getSigningKey(Sha256, { accessKeyId, secretAccessKey }, shortDate, region, SERVICE);
    const expected = createHmac("sha256", key).update(stringToSign).digest();
    const given = Buffer.from(params.Signature, "hex");
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        throw gatewayErrors.invalidSignature(
            "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. " +
                "Consult the service documentation for details.\n\n" +
                `The Canonical String for this request should have been\n'${canonicalRequest}'\n\n` +
                `The String-to-Sign should have been\n'${stringToSign}'\n`,
        );
    }
    const userArn = typeof credential === "string" || credential.userArn === undefined ? `arn:aws:iam::${accountId}:user/${accessKeyId}` : credential.userArn;
    return { accessKey: accessKeyId, accountId, caller: accessKeyId, user: accessKeyId, userArn };
}

function multiQuery(query: SignedRequest["query"]): Record<string, string | string[]> {
    const out: Record<string, string[]> = {};
    for (const [k, v] of query) (out[k] ??= []).push(v);
    return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v.length === 1 ? v[0] : v]));
}
