import { randomUUID } from "crypto";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { apiHandler, ApiHandler } from "./lib/api";
import { dynamoClient, s3Client } from "./lib/clients";
import { commonSettings, requireEnv } from "./lib/env";
import { NotFoundError } from "./lib/errors";
import { ProductStore } from "./lib/products";
import { ID_PATTERN } from "./lib/validate";
import { API_ERRORS, defineManifest } from "./manifest";

/** How long an upload URL stays valid: long enough to upload 5 MiB on a slow link, short enough to be useless if leaked. */
export const UPLOAD_URL_TTL_SECONDS = 300;

const EXTENSIONS: Record<string, string> = { "image/png": "png", "image/jpeg": "jpg", "image/webp": "webp" };

/**
 * `POST /v1/products/{productId}/image-upload`: a presigned S3 PUT URL to `ASSETS_BUCKET` at
 * `assets/products/<productId>/<uuid>.<ext>` (served by CloudFront under `/assets/`). Content-Type and Content-Length are signed headers, so S3 refuses an upload
 * of another type or size than declared (and the schema caps the size at 5 MiB).
 *
 * Environment and permissions: {@link manifest}.
 */
export function createHandler(): ApiHandler {
    const env = requireEnv(["TABLE_NAME", "ASSETS_BUCKET"]);
    const settings = commonSettings("imageUpload");
    const store = new ProductStore(dynamoClient(), env.TABLE_NAME);
    const s3 = s3Client(settings.s3ForcePathStyle);
    return apiHandler(
        "imageUpload",
        {
            createProductImageUpload: async (req) => {
                const productId = req.pathParam("productId");
                if (!ID_PATTERN.test(productId) || (await store.get(productId)) === undefined) throw new NotFoundError("No such product.");
                const { contentType, contentLength } = req.body as { contentType: string; contentLength: number };
                const imageKey = `assets/products/${productId}/${randomUUID()}.${EXTENSIONS[contentType]}`;
                const command = new PutObjectCommand({ Bucket: env.ASSETS_BUCKET, Key: imageKey, ContentType: contentType, ContentLength: contentLength });
                const uploadUrl = await getSignedUrl(s3, command, {
                    expiresIn: UPLOAD_URL_TTL_SECONDS,
                    signableHeaders: new Set(["content-type", "content-length"]),
                });
                const expiresAt = new Date(Date.now() + UPLOAD_URL_TTL_SECONDS * 1000).toISOString();
                const headers = { "Content-Type": contentType, "Content-Length": String(contentLength) };
                return { status: 201, body: { uploadUrl, method: "PUT", headers, imageKey, expiresAt } };
            },
        },
        settings,
    );
}

/** What imageUpload needs (checked against the code above by tests/handlers/manifests.test.ts). The presigned URL carries this role's permission, so the upload itself is a PutObject as this role, and an S3 PUT under SSE-KMS needs kms:GenerateDataKey. */
export const manifest = defineManifest({
    env: ["TABLE_NAME", "ASSETS_BUCKET"],
    grants: [
        { sid: "Table", actions: ["dynamodb:GetItem"], on: "table" },
        { sid: "ProductImages", actions: ["s3:PutObject"], on: "assetsBucket", objects: "assets/products/*" },
        { sid: "DataKey", actions: ["kms:Decrypt", "kms:GenerateDataKey"], on: "dataKey" },
    ],
    errors: API_ERRORS,
});
