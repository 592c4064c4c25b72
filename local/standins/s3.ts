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
    const server = http.createServer(app.callback());
    return listenPausable(server, {
        port: opts.port,
        onStop: async () => {
            if (opts.persistDir === undefined) await fs.rm(directory, { recursive: true, force: true });
        },
    });
}
