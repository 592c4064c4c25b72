import * as fs from "fs/promises";
import * as http from "http";
import * as os from "os";
import * as path from "path";
import { listenPausable, PausableServer } from "./server";

// s3rver ships no type declarations; this is the part of its (Koa application) API used here.
interface S3rverApp {
    configureBuckets(): Promise<void>;
    callback(): http.RequestListener;
}
const S3rver = require("s3rver") as new (options: Record<string, unknown>) => S3rverApp;

/** Options of {@link startS3}. */
export interface S3Options {
    /** Port to listen on. Default `0` (any free port). */
    port?: number;
    /** Directory holding the objects, kept across restarts. Default: a fresh temp dir, removed on stop. */
    persistDir?: string;
    /** Buckets created at start (existing ones in `persistDir` are kept). */
    buckets: string[];
}

/** A running S3 stand-in; build clients with {@link localS3ClientConfig}. */
export type S3StandIn = PausableServer;

/**
 * The S3 client settings every caller must use against the stand-in.
 *
 * Path-style addressing because `bucket.127.0.0.1` does not resolve; checksums only when required because
 * recent SDKs otherwise add CRC32 trailers with `aws-chunked` bodies, which s3rver does not understand.
 *
 * @param endpoint - the stand-in's `endpoint`.
 */
export function localS3ClientConfig(endpoint: string) {
    return {
        endpoint,
        region: "us-east-1",
        forcePathStyle: true,
        requestChecksumCalculation: "WHEN_REQUIRED" as const,
        responseChecksumValidation: "WHEN_REQUIRED" as const,
        credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
    };
}

/**
 * Starts s3rver on 127.0.0.1 with the given buckets.
 *
 * s3rver checks the access key id of a signed request (`S3RVER`, as in {@link localS3ClientConfig}) but not the
 * V4 signature itself or a presigned URL's expiry: those are only exercised against AWS.
 *
 * s3rver's own `run()` is bypassed: its server closes s3rver's logger on `close`, which would break a resume,
 * so its request handler is mounted on a server that can be paused.
 *
 * @param opts - port, optional persistence directory and buckets.
 */
export async function startS3(opts: S3Options): Promise<S3StandIn> {
    const directory = opts.persistDir ?? (await fs.mkdtemp(path.join(os.tmpdir(), "portcullis-s3-")));
    const app = new S3rver({
        silent: true,
        directory,
        configureBuckets: opts.buckets.map((name) => ({ name })),
    });
    await app.configureBuckets();
    const s3rver = app.callback();
    const server = http.createServer((req, res) => {
        const refusal = unstorableKey(req.url ?? "/");
        return refusal === undefined ? s3rver(req, res) : answerUnstorable(req, res, refusal);
    });
    return listenPausable(server, {
        port: opts.port,
        onStop: async () => {
            if (opts.persistDir === undefined) await fs.rm(directory, { recursive: true, force: true });
        },
    });
}

/** S3's limit on a key, in UTF-8 bytes. */
const MAX_KEY_BYTES = 1024;
/**
 * The longest part of a key between slashes that s3rver can store: it keeps each object as a file named after that
 * part plus a suffix of up to 25 characters (`._S3rver_metadata.json`), and file names stop at 255 bytes.
 */
const MAX_SEGMENT_BYTES = 230;

/**
 * Why the path-style URL names a key S3 refuses or s3rver could not store on its file system (a 500, and on a PUT
 * an exception that ends the process; found by issue 12's fuzzing), or undefined for any other URL.
 */
function unstorableKey(url: string): { code: string; message: string } | undefined {
    const rawKey = url.split("?")[0].split("/").slice(2).join("/");
    let key: string;
    try {
        key = decodeURIComponent(rawKey);
    } catch {
        return undefined;
    }
    if (Buffer.byteLength(key) > MAX_KEY_BYTES) return { code: "KeyTooLongError", message: "Your key is too long" };
    if (key.includes("\0") || key.split("/").some((part) => Buffer.byteLength(part) > MAX_SEGMENT_BYTES)) {
        return { code: "InvalidArgument", message: `The S3 stand-in cannot store a key with a NUL character or a part longer than ${MAX_SEGMENT_BYTES} bytes between slashes.` };
    }
    return undefined;
}

/** Answers a request for such a key as S3 answers a key it does not hold: a write is refused, a read finds nothing, a delete succeeds. */
function answerUnstorable(req: http.IncomingMessage, res: http.ServerResponse, refusal: { code: string; message: string }): void {
    req.resume();
    const xml = (code: string, message: string) => `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`;
    const send = (status: number, body = "") => {
        res.writeHead(status, { "Content-Type": "application/xml", "Content-Length": Buffer.byteLength(body) });
        res.end(req.method === "HEAD" ? undefined : body);
    };
    switch (req.method) {
        case "GET":
        case "HEAD":
            return send(404, xml("NoSuchKey", "The specified key does not exist."));
        case "DELETE":
            return send(204);
        default:
            return send(400, xml(refusal.code, refusal.message));
    }
}
