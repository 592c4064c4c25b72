import { expect } from "chai";
import fc from "fast-check";
import { ROUTES } from "../../contract";
import { validValue } from "../../proof/attack/fuzz/arbitraries";
import { checkSchema, parseDay } from "../../handlers/lib/validate";
import { DAY_PATTERN } from "../../contract/schemas";

describe("proof/attack/fuzz/arbitraries: valid values", () => {
    it("generates only bodies the contract's schemas accept, for every route with a body (patterns included)", () => {
        for (const route of ROUTES.filter((r) => r.requestBody !== undefined)) {
            const schema = { $ref: `#/components/schemas/${route.requestBody}` };
            fc.assert(fc.property(validValue(schema), (body) => checkSchema(schema, body) === undefined), { seed: 7, numRuns: 300 });
        }
    });

    it("generates parameters their schemas accept, and report days that exist", () => {
        for (const p of ROUTES.flatMap((r) => r.parameters)) {
            fc.assert(fc.property(validValue(p.schema), (v) => checkSchema(p.schema, String(v)) === undefined && (p.schema.pattern !== DAY_PATTERN || parseDay(String(v)) !== undefined)), { seed: 7, numRuns: 200 });
        }
    });

    it("generates readable multi-line text for descriptions, not only what the pattern would", () => {
        const description = { $ref: "#/components/schemas/ProductInput" };
        const texts = fc.sample(validValue(description), { seed: 7, numRuns: 300 }).map((b) => (b as { description?: string }).description ?? "");
        expect(texts.some((t) => /^[\x20-\x7e]+$/.test(t))).to.equal(true);
        expect(texts.some((t) => /\r?\n|\t/.test(t))).to.equal(true);
    });
});
