/**
 * Settings shared by every SDK client. Endpoints are deliberately absent: the SDK reads
 * `AWS_ENDPOINT_URL_<SERVICE>` itself, which is how tests and local mode reach the stand-ins.
 */

/**
 * Bounded timeouts so an unreachable store fails fast as a 503 instead of holding the request until API Gateway's
 * 29 s integration timeout. `requestTimeout` is per attempt; the SDK's default retry (3 attempts) stays.
 *
 * @param requestTimeoutMs - per-attempt budget; the Data API needs more than DynamoDB or S3.
 */
export function clientConfig(requestTimeoutMs = 5_000) {
    return { requestHandler: { connectionTimeout: 1_000, requestTimeout: requestTimeoutMs } };
}

/**
 * S3 client settings. Checksums only when an operation requires them: with the SDK's default, presigned PUT URLs
 * carry a CRC32 of an empty body and every real upload through them fails; receipts are small JSON over TLS.
 *
 * @param forcePathStyle - only the local stand-in needs path-style addressing (`S3_FORCE_PATH_STYLE`).
 */
export function s3ClientConfig(forcePathStyle: boolean) {
    return {
        ...clientConfig(),
        forcePathStyle,
        requestChecksumCalculation: "WHEN_REQUIRED" as const,
        responseChecksumValidation: "WHEN_REQUIRED" as const,
    };
}
