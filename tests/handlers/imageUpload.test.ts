import { expect } from "chai";
import { loadFunctionPackage } from "../../harness/packages";
import { ADMIN, ALICE, call, errorCode, ProxyHandler, seedProducts, startStores, Stores } from "./support";

const UPLOAD = "/v1/products/{productId}/image-upload";

describe("imageUpload (serialized package against dynalite and s3rver)", () => {
    let stores: Stores;
    let upload: ProxyHandler;
    before(async () => {
        stores = await startStores({ dynamo: true, s3: true });
        upload = await loadFunctionPackage("imageUpload", stores.env);
        await seedProducts(stores, [{ productId: "img-1" }]);
    });
    after(async () => stores.stop());
    const ask = (productId: string, body: unknown, caller = ADMIN) => call(upload, { method: "POST", resource: UPLOAD, pathParameters: { productId }, body, caller });

    // s3rver does not verify SigV4 signatures, so the binding is asserted through the signed-header list: S3 itself
    // refuses a PUT whose Content-Type or Content-Length differs from a signed header.
    it("returns a 5-minute presigned PUT URL with type and length signed, which uploads", async () => {
        const png = Buffer.alloc(64, 1);
        const res = await ask("img-1", { contentType: "image/png", contentLength: png.length });

        const url = new URL(res.body.uploadUrl);
        const good = await fetch(res.body.uploadUrl, { method: "PUT", body: png, headers: { "Content-Type": "image/png" } });
        expect(res.status).to.equal(201);
        expect(res.body.imageKey).to.match(/^assets\/products\/img-1\/[0-9a-f-]{36}\.png$/);
        expect(res.body.headers).to.deep.equal({ "Content-Type": "image/png", "Content-Length": "64" });
        expect(url.searchParams.get("X-Amz-Expires")).to.equal("300");
        expect(url.searchParams.get("X-Amz-SignedHeaders")).to.equal("content-length;content-type;host");
        expect(good.status).to.equal(200);
    });

    it("answers 404 for an unknown product, 400 for a type or size outside the contract, 403 for a customer", async () => {
        const missing = await ask("nope", { contentType: "image/png", contentLength: 10 });
        const gif = await ask("img-1", { contentType: "image/gif", contentLength: 10 });
        const huge = await ask("img-1", { contentType: "image/png", contentLength: 5 * 1024 * 1024 + 1 });
        const customer = await ask("img-1", { contentType: "image/png", contentLength: 10 }, ALICE);
        expect([missing.status, errorCode(missing)]).to.deep.equal([404, "NotFound"]);
        expect([gif.status, errorCode(gif)]).to.deep.equal([400, "ValidationError"]);
        expect([huge.status, errorCode(huge)]).to.deep.equal([400, "ValidationError"]);
        expect([customer.status, errorCode(customer)]).to.deep.equal([403, "Forbidden"]);
    });
});
