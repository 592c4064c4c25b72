import { expect } from "chai";
import Ajv from "ajv-draft-04";
import { SCHEMAS } from "../../../contract/schemas";
import { checkSchema, compileSchema, parseDay, parseJsonBody } from "../../../handlers/lib/validate";

/** Bodies per request schema: the first of each list is valid, each other changes one thing. */
const CASES: Record<string, unknown[]> = {
    ProductInput: [
        { name: "Lamp", priceCents: 100, currency: "EUR", stock: 1 },
        { name: "", priceCents: 100, currency: "EUR", stock: 1 },
        { name: "Lamp", priceCents: 1.5, currency: "EUR", stock: 1 },
        { name: "Lamp", priceCents: 100, currency: "JPY", stock: 1 },
        { name: "Lamp", priceCents: 100, currency: "EUR" },
        { name: "Lamp", priceCents: 100, currency: "EUR", stock: 1, extra: 1 },
        { name: "Lamp", priceCents: -1, currency: "EUR", stock: 1 },
        { name: "La\u0000mp", priceCents: 100, currency: "EUR", stock: 1 },
        { name: "Lamp\n", priceCents: 100, currency: "EUR", stock: 1 },
        { name: "Lamp \ud800", priceCents: 100, currency: "EUR", stock: 1 },
        { name: "Lamp", description: "Warm\u001b[2J", priceCents: 100, currency: "EUR", stock: 1 },
        [],
        null,
    ],
    OrderInput: [
        { items: [{ productId: "a", quantity: 1 }] },
        { items: [] },
        { items: [{ productId: "a b", quantity: 1 }] },
        { items: [{ productId: "a", quantity: 0 }] },
        { items: [{ productId: "a", quantity: 1, price: 0 }] },
        { items: "a" },
    ],
    ImageUploadRequest: [{ contentType: "image/png", contentLength: 1 }, { contentType: "image/gif", contentLength: 1 }, { contentType: "image/png", contentLength: 0 }],
    StockUpdateInput: [{ updates: [{ productId: "a", delta: -1 }] }, { updates: [{ productId: "a", delta: 2_000_000 }] }, { updates: [{ productId: "a" }] }],
};

describe("handlers/lib/validate", () => {
    it("agrees with Ajv (draft 4) on every request schema's valid and invalid bodies", () => {
        const ajv = new Ajv({ strict: false });
        for (const [name, schema] of Object.entries(SCHEMAS)) ajv.addSchema(schema as object, `#/components/schemas/${name}`);
        for (const [name, bodies] of Object.entries(CASES)) {
            const reference = ajv.compile(SCHEMAS[name] as object);
            bodies.forEach((body, i) => {
                expect(checkSchema(SCHEMAS[name], body) === undefined, `${name} case ${i}`).to.equal(reference(body));
                expect(i === 0, `${name} case ${i} is valid only if first`).to.equal(reference(body));
            });
        }
    });

    it("names the location and keyword, never the schema", () => {
        const validate = compileSchema("OrderInput");
        expect(() => validate({ items: [{ productId: "a", quantity: 0 }] })).to.throw("Invalid request: body/items/0/quantity fails 'minimum'.");
        expect(() => compileSchema("ProductInput")({ name: "a\u0000b", priceCents: 1, currency: "EUR", stock: 1 })).to.throw("Invalid request: body/name fails 'pattern'.");
    });

    it("accepts any printable text, multi-line descriptions and surrogate pairs", () => {
        expect(() => compileSchema("ProductInput")({ name: "Lampe \u00e9t\u00e9 \u4e2d \ud83d\udca1", description: "Warm.\r\n\tDimmable.", priceCents: 1, currency: "EUR", stock: 1 })).not.to.throw();
    });

    it("requires application/json (415) and parseable JSON (400)", () => {
        expect(() => parseJsonBody({ headers: { "content-type": "text/plain" }, body: "{}", isBase64Encoded: false })).to.throw("Send the body as application/json.");
        expect(() => parseJsonBody({ headers: { "Content-Type": "application/json; charset=utf-8" }, body: "{", isBase64Encoded: false })).to.throw("not valid JSON");
        expect(parseJsonBody({ headers: { "Content-Type": "application/json" }, body: Buffer.from('{"a":1}').toString("base64"), isBase64Encoded: true })).to.deep.equal({ a: 1 });
    });

    it("parses only real calendar days", () => {
        expect(parseDay("2024-02-29")?.toISOString()).to.equal("2024-02-29T00:00:00.000Z");
        expect([parseDay("2023-02-29"), parseDay("2024-13-01"), parseDay("24-01-01"), parseDay(undefined)]).to.deep.equal([undefined, undefined, undefined, undefined]);
        expect([parseDay("0000-01-01"), parseDay("1969-12-31"), parseDay("10000-01-01")]).to.deep.equal([undefined, undefined, undefined]);
        expect([parseDay("1970-01-01")?.getTime(), parseDay("9999-12-31")?.toISOString()]).to.deep.equal([0, "9999-12-31T00:00:00.000Z"]);
    });
});
