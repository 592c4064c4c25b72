import { expect } from "chai";
import { API_VERSION } from "../../contract";
import { findBreakingChanges, majorOf, type ApiDocument } from "../../portal/breakingChanges";
import { publicDocument, toJson } from "../../portal/openapi";
import { latestRelease } from "../../portal/releases";

/** A fresh copy of the current public document, to change one thing in. */
const current = (): ApiDocument & Record<string, any> => JSON.parse(toJson(publicDocument()));

/** The breaking changes `change` makes to the current document. */
function breaksOf(change: (doc: any) => void): string[] {
    const next = current();
    change(next);
    return findBreakingChanges(current(), next);
}

describe("portal/breakingChanges", () => {
    it("finds no breaking change since the last release, unless the major version changed", () => {
        const last = latestRelease();
        expect(last, "portal/releases holds no snapshot").not.to.equal(undefined);
        const changes = findBreakingChanges(last!.document, current());
        if (majorOf(API_VERSION) === majorOf(last!.version)) expect(changes).to.deep.equal([]);
        else expect(majorOf(API_VERSION)).to.be.greaterThan(majorOf(last!.version));
    });

    it("finds nothing between a document and itself, or in additions old clients never see", () => {
        expect(findBreakingChanges(current(), current())).to.deep.equal([]);
        expect(
            breaksOf((d) => {
                d.paths["/v1/things"] = { get: { operationId: "listThings", responses: { 200: { description: "ok" } } } };
                d.components.schemas.Product.properties.colour = { type: "string" };
                d.components.schemas.ProductInput.properties.colour = { type: "string" };
                d.components.schemas.ProductInput.properties.name.maxLength = 300;
                d.paths["/v1/products"].get.parameters.push({ name: "sort", in: "query", required: false, schema: { type: "string" } });
            }),
        ).to.deep.equal([]);
    });

    it("detects a removed route", () => {
        expect(breaksOf((d) => delete d.paths["/v1/orders/{orderId}/receipt"])).to.deep.equal(["GET /v1/orders/{orderId}/receipt (getOrderReceipt) was removed."]);
    });

    it("detects a new required request field", () => {
        expect(
            breaksOf((d) => {
                d.components.schemas.OrderInput.properties.note = { type: "string" };
                d.components.schemas.OrderInput.required.push("note");
            }),
        ).to.deep.equal(['POST /v1/orders request body: field "note" is new and required.']);
    });

    it("detects a narrowed enum, in every operation that uses the schema", () => {
        expect(breaksOf((d) => (d.components.schemas.ProductInput.properties.currency.enum = ["EUR", "USD"]))).to.deep.equal([
            'POST /v1/products request body.currency: no longer accepts "GBP".',
            'PUT /v1/products/{productId} request body.currency: no longer accepts "GBP".',
        ]);
    });

    it("detects narrowed ranges and lengths deep in arrays", () => {
        expect(breaksOf((d) => (d.components.schemas.OrderInput.properties.items.items.properties.quantity.maximum = 100))).to.deep.equal([
            "POST /v1/orders request body.items[].quantity: maximum lowered from 1000 to 100.",
        ]);
    });

    it("detects a new required parameter and a parameter made required", () => {
        expect(
            breaksOf((d) => {
                d.paths["/v1/orders"].get.parameters.push({ name: "region", in: "query", required: true, schema: { type: "string" } });
                d.paths["/v1/products/{productId}"].delete.parameters[1].required = true;
            }),
        ).to.deep.equal(["DELETE /v1/products/{productId} header parameter If-Match is now required.", "GET /v1/orders query parameter region is new and required."]);
    });

    it("detects a removed response field and one no longer always present", () => {
        expect(
            breaksOf((d) => {
                delete d.components.schemas.Receipt.properties.expiresAt;
                d.components.schemas.Receipt.required = ["expiresAt"];
            }),
        ).to.deep.equal(['GET /v1/orders/{orderId}/receipt response 200: field "url" is no longer always present.', 'GET /v1/orders/{orderId}/receipt response 200: field "expiresAt" was removed.']);
    });

    it("detects a changed type", () => {
        expect(breaksOf((d) => (d.components.schemas.StockUpdateInput.properties.updates.items.properties.delta = { type: "string" }))).to.deep.equal([
            "POST /v1/internal/stock request body.updates[].delta: type changed from integer to string.",
        ]);
    });
});
