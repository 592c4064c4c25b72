import { GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { createPublicKey, createVerify, type KeyObject } from "crypto";
import type { IncomingMessage, ServerResponse } from "http";
import { EDGE_PATHS } from "../components/defaults";

/** Answers a request it claims (true) or leaves it to the next handler (false). */
export type FrontHandler = (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;

/** Options of {@link signedReceipts}. */
export interface SignedReceiptsOptions {
    /** Base URL the distribution answers on locally (`http://127.0.0.1:PORT`); the policy's Resource starts with it. */
    baseUrl: string;
    /** The key group's one key: its id and public key (PEM, SPKI or derived from the private key PEM). */
    keyPairId: string;
    publicKeyPem: string;
    /** The private bucket (the `/receipts/*` origin) and a client that reaches it. */
    bucket: string;
    s3: S3Client;
    /** Epoch milliseconds. Default `Date.now`. */
    now?: () => number;
}

/** The `/receipts/*` cache behaviour's path prefix, from the deployed distribution. */
const RECEIPTS_PREFIX = EDGE_PATHS.private[0].replace(/\*$/, "");

/** CloudFront's own error document for signed-URL failures (403, `text/xml`). */
function cloudFrontError(res: ServerResponse, code: string, message: string): true {
    const body = `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`;
    res.writeHead(403, { "Content-Type": "text/xml", "Content-Length": Buffer.byteLength(body), "X-Cache": "Error from cloudfront" }).end(body);
    return true;
}

/** CloudFront's URL-safe base64: `-` for `+`, `_` for `=`, `~` for `/`. */
const fromCloudFrontBase64 = (s: string): Buffer => Buffer.from(s.replace(/-/g, "+").replace(/_/g, "=").replace(/~/g, "/"), "base64");

/**
 * CloudFront's `/receipts/*` behaviour with trusted key groups, for local mode: a request must carry a canned-policy
 * signed URL (`Expires`, `Signature`, `Key-Pair-Id`) whose RSA signature (SHA1, or SHA256 with `Hash-Algorithm`)
 * over `{"Statement":[{"Resource":URL,"Condition":{"DateLessThan":{"AWS:EpochTime":Expires}}}]}` verifies with the
 * key group's public key and whose `Expires` is still ahead; then the object comes from the private bucket through
 * origin access control. Anything else gets CloudFront's 403 document.
 */
export function signedReceipts(options: SignedReceiptsOptions): FrontHandler {
    const publicKey: KeyObject = createPublicKey(options.publicKeyPem);
    const now = options.now ?? Date.now;
    const base = options.baseUrl.replace(/\/+$/, "");
    return async (req, res) => {
        const [rawPath, rawQuery = ""] = (req.url ?? "/").split("?", 2);
        if (!rawPath.startsWith(RECEIPTS_PREFIX) || (req.method !== "GET" && req.method !== "HEAD")) return false;
        const query = new URLSearchParams(rawQuery);
        const [expires, signature, keyPairId] = ["Expires", "Signature", "Key-Pair-Id"].map((name) => query.get(name));
        if (keyPairId === null) return cloudFrontError(res, "MissingKey", "Missing Key-Pair-Id query parameter or cookie value");
        if (keyPairId !== options.keyPairId) return cloudFrontError(res, "InvalidKey", "Unknown Key");
        if (signature === null || expires === null || !/^\d+$/.test(expires)) return cloudFrontError(res, "AccessDenied", "Access denied");
        const policy = JSON.stringify({ Statement: [{ Resource: `${base}${rawPath}`, Condition: { DateLessThan: { "AWS:EpochTime": Number(expires) } } }] });
        const verifier = createVerify(query.get("Hash-Algorithm") === "SHA256" ? "RSA-SHA256" : "RSA-SHA1").update(policy);
        if (!verifier.verify(publicKey, fromCloudFrontBase64(signature))) return cloudFrontError(res, "AccessDenied", "Access denied");
        if (Math.floor(now() / 1000) >= Number(expires)) return cloudFrontError(res, "AccessDenied", "Access denied");
        const key = decodeURIComponent(rawPath.slice(1));
        try {
            const object = await options.s3.send(new GetObjectCommand({ Bucket: options.bucket, Key: key }));
            const body = Buffer.from(await object.Body!.transformToByteArray());
            res.writeHead(200, { "Content-Type": object.ContentType ?? "application/octet-stream", "Content-Length": body.length, "Cache-Control": "no-store", "X-Cache": "Miss from cloudfront" });
            res.end(req.method === "HEAD" ? undefined : body);
        } catch (err) {
            // Through OAC with s3:GetObject only, S3 answers a missing object with 403, and CloudFront passes it on.
            if ((err as { name?: string }).name !== "NoSuchKey") throw err;
            cloudFrontError(res, "AccessDenied", "Access Denied");
        }
        return true;
    };
}

/** Tries each handler in order; the first to claim a request answers it. */
export function frontDoor(handlers: readonly FrontHandler[]): FrontHandler {
    return async (req, res) => {
        for (const handler of handlers) if (await handler(req, res)) return true;
        return false;
    };
}
