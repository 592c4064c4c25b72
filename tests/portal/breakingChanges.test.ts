import { expect } from "chai";
import { API_VERSION } from "../../contract";
import { ACCEPTED_BREAKS, type AcceptedBreak } from "../../contract/acceptedBreaks";
import { findBreakingChanges, majorOf, reviewBreakingChanges, type ApiDocument } from "../../portal/breakingChanges";
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
    it("finds no breaking change since the last release that is neither accepted nor under a new major, and no stale accepted entry", () => {
        const last = latestRelease();
        expect(last, "portal/releases holds no snapshot").not.to.equal(undefined);
        expect(majorOf(API_VERSION)).to.be.at.least(majorOf(last!.version));
        expect(reviewBreakingChanges(last!, current(), API_VERSION, ACCEPTED_BREAKS).problems).to.deep.equal([]);
        // The committed entries are live: drop the name pattern they accept and both of its entries go stale.
        const withoutNamePattern = current() as any;
        delete withoutNamePattern.components.schemas.ProductInput.properties.name.pattern;
        const stale = reviewBreakingChanges(last!, withoutNamePattern, API_VERSION, ACCEPTED_BREAKS).problems;
        expect(stale.map((p) => p.replace(/: [A-Z]+ \/v1\/products.*/, ""))).to.deep.equal(Array(2).fill(`Accepted break matches no change since ${last!.version}; remove it or correct its sentence`));
    });

    describe("the accepted list", () => {
        /** The release as the current document, with `change` made to the current one. */
        const review = (change: (doc: any) => void, accepted: AcceptedBreak[], version = "1.0.0") => {
            const next = current();
            change(next);
            return reviewBreakingChanges({ version: "1.0.0", document: current() }, next, version, accepted);
        };
        const narrowQuantity = (d: any) => (d.components.schemas.OrderInput.properties.items.items.properties.quantity.maximum = 100);
        const QUANTITY = "POST /v1/orders request body.items[].quantity: maximum lowered from 1000 to 100.";
        const entry = (change: string, against = "1.0.0"): AcceptedBreak => ({ against, change, reason: "Reviewed." });

        it("accepts exactly the change an entry names, and still fails on every other", () => {
            const narrowBoth = (d: any) => {
                narrowQuantity(d);
                d.components.schemas.ProductInput.properties.currency.enum = ["EUR", "USD"];
            };
            const r = review(narrowBoth, [entry(QUANTITY)]);
            expect(r.accepted).to.deep.equal([QUANTITY]);
            expect(r.problems).to.deep.equal([
                'Breaking change needs a new major version (API_VERSION is 1.0.0) or a reviewed entry in contract/acceptedBreaks.ts: POST /v1/products request body.currency: no longer accepts "GBP".',
                'Breaking change needs a new major version (API_VERSION is 1.0.0) or a reviewed entry in contract/acceptedBreaks.ts: PUT /v1/products/{productId} request body.currency: no longer accepts "GBP".',
            ]);
            expect(review(narrowQuantity, [entry(QUANTITY)]).problems).to.deep.equal([]);
            expect(review(narrowQuantity, []).problems).to.have.length(1);
        });

        it("does not accept a similar change: the sentence must match exactly", () => {
            const r = review((d) => (d.components.schemas.OrderInput.properties.items.items.properties.quantity.maximum = 99), [entry(QUANTITY)]);
            expect(r.accepted).to.deep.equal([]);
            expect(r.problems).to.deep.equal([
                `Accepted break matches no change since 1.0.0; remove it or correct its sentence: ${QUANTITY}`,
                "Breaking change needs a new major version (API_VERSION is 1.0.0) or a reviewed entry in contract/acceptedBreaks.ts: POST /v1/orders request body.items[].quantity: maximum lowered from 1000 to 99.",
            ]);
        });

        it("fails on an entry that no longer matches a change, was measured against another release, or is listed twice", () => {
            expect(review(() => undefined, [entry(QUANTITY)]).problems).to.deep.equal([`Accepted break matches no change since 1.0.0; remove it or correct its sentence: ${QUANTITY}`]);
            expect(review(narrowQuantity, [entry(QUANTITY, "0.9.0")]).problems).to.deep.equal([
                `Accepted break measured against 0.9.0, but the last release is 1.0.0; remove it: ${QUANTITY}`,
                `Breaking change needs a new major version (API_VERSION is 1.0.0) or a reviewed entry in contract/acceptedBreaks.ts: ${QUANTITY}`,
            ]);
            expect(review(narrowQuantity, [entry(QUANTITY), entry(QUANTITY)]).problems).to.deep.equal([`Accepted break listed twice; remove one: ${QUANTITY}`]);
        });

        it("allows every break under a new major version, but not a stale entry", () => {
            expect(review(narrowQuantity, [], "2.0.0").problems).to.deep.equal([]);
            expect(review(() => undefined, [entry(QUANTITY)], "2.0.0").problems).to.have.length(1);
        });

        it("gives every committed entry a reason and the release it is measured against", () => {
            const last = latestRelease()!;
            for (const e of ACCEPTED_BREAKS) {
                expect(e.against, e.change).to.equal(last.version);
                expect(e.reason.length, e.change).to.be.greaterThan(40);
            }
        });
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
