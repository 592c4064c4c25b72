import { expect } from "chai";
import fc from "fast-check";
import { buildOpenApi, ROUTES, SCHEMAS } from "../../contract";
import { DAY_PATTERN, END_OF_TEXT, MULTILINE_TEXT_PATTERN, PLAIN_TEXT_PATTERN } from "../../contract/schemas";
import type { JsonSchema } from "../../contract/types";
import { controlCharacterIn } from "../../handlers/lib/validate";

/** Every string schema inside `schema`, with its location; `$ref`s followed into SCHEMAS. */
function stringFields(schema: JsonSchema, at: string): [string, JsonSchema][] {
    if (schema.$ref !== undefined) return stringFields(SCHEMAS[schema.$ref.replace("#/components/schemas/", "")], at);
    if (schema.type === "string") return [[at, schema]];
    const nested = Object.entries(schema.properties ?? {}).flatMap(([k, v]) => stringFields(v, `${at}.${k}`));
    return schema.items === undefined ? nested : [...nested, ...stringFields(schema.items, `${at}[]`)];
}

/** Every pattern the contract declares, on schemas and parameters. */
const ALL_PATTERNS = [
    ...Object.entries(SCHEMAS).flatMap(([name, s]) => stringFields(s, name)),
    ...ROUTES.flatMap((r) => r.parameters.map((p): [string, JsonSchema] => [`${r.operationId} ${p.name}`, p.schema])),
].filter(([, s]) => s.pattern !== undefined);

/** Any UTF-16 string: code units drawn one by one, so lone surrogates and controls come up often. */
const anyUnits = fc.string({ unit: fc.oneof(fc.integer({ min: 0, max: 0xffff }), fc.integer({ min: 0, max: 0xa0 }), fc.integer({ min: 0xd800, max: 0xdfff })).map((c) => String.fromCharCode(c)), maxLength: 30 });

describe("contract/schemas: patterns", () => {
    it("gives every free-text string field of every request body a pattern (or an enum)", () => {
        const bodies = [...new Set(ROUTES.flatMap((r) => (r.requestBody === undefined ? [] : [r.requestBody])))];
        const open = bodies.flatMap((name) => stringFields(SCHEMAS[name], name)).filter(([, s]) => s.pattern === undefined && s.enum === undefined);
        expect(open.map(([at]) => at)).to.deep.equal([]);
        expect(SCHEMAS.ProductInput.properties?.name.pattern).to.equal(PLAIN_TEXT_PATTERN);
        expect(SCHEMAS.ProductInput.properties?.description.pattern).to.equal(MULTILINE_TEXT_PATTERN);
    });

    it("writes every pattern as API Gateway's ECMA 262 engine runs it: compiles without flags, no lookbehind, named groups or \\p{}", () => {
        expect(ALL_PATTERNS.length).to.be.greaterThan(5);
        for (const [at, s] of ALL_PATTERNS) {
            expect(() => new RegExp(s.pattern as string), at).not.to.throw();
            expect(s.pattern, at).not.to.match(/\(\?<|\\p\{|\\u\{/);
        }
    });

    it("text patterns mean the same on UTF-16 code units (API Gateway) and on code points (Ajv, the handlers)", () => {
        for (const pattern of [PLAIN_TEXT_PATTERN, MULTILINE_TEXT_PATTERN]) {
            const units = new RegExp(pattern);
            const points = new RegExp(pattern, "u");
            fc.assert(fc.property(anyUnits, (s) => units.test(s) === points.test(s)), { seed: 12, numRuns: 2000 });
            fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 30 }), (s) => units.test(s) === points.test(s)), { seed: 12, numRuns: 2000 });
        }
    });

    it("text patterns refuse exactly what the handlers' control-character net refuses (and the single-line one also tab, LF, CR)", () => {
        const multiline = new RegExp(MULTILINE_TEXT_PATTERN, "u");
        const plain = new RegExp(PLAIN_TEXT_PATTERN, "u");
        fc.assert(
            fc.property(anyUnits, (s) => multiline.test(s) === (controlCharacterIn(s) === undefined) && plain.test(s) === (multiline.test(s) && !/[\t\n\r]/.test(s))),
            { seed: 12, numRuns: 3000 },
        );
        const cases: [string, boolean, boolean][] = [
            ["Lamp \u00e9\u4e2d \ud83d\ude00", true, true],
            ["", true, true],
            ["a\u0000b", false, false],
            ["\u007f", false, false],
            ["\u0085", false, false],
            ["line\r\n\tnext", false, true],
            ["\ud800", false, false],
            ["x\udc00y", false, false],
            ["\udc00\ud800", false, false],
        ];
        expect(cases.map(([s]) => [plain.test(s), multiline.test(s)])).to.deep.equal(cases.map(([, p, m]) => [p, m]));
    });

    it("ends text patterns with 'no character follows', so Java's $ (which also matches before a final line break) cannot loosen them", () => {
        for (const pattern of [PLAIN_TEXT_PATTERN, MULTILINE_TEXT_PATTERN]) {
            expect(pattern.endsWith(END_OF_TEXT), pattern).to.equal(true);
            expect(pattern, pattern).not.to.match(/\$$/);
        }
        expect([new RegExp(PLAIN_TEXT_PATTERN).test("Lamp\n"), new RegExp(MULTILINE_TEXT_PATTERN).test("Lamp\u0085")]).to.deep.equal([false, false]);
    });

    it("bounds report days to 1970-01-01..9999-12-31", () => {
        const day = new RegExp(DAY_PATTERN);
        expect(["1970-01-01", "2024-02-29", "9999-12-31"].map((d) => day.test(d))).to.deep.equal([true, true, true]);
        expect(["1969-12-31", "0000-01-01", "10000-01-01", "2024-13-01", "2024-01-32", "2024-1-1"].map((d) => day.test(d))).to.deep.equal([false, false, false, false, false, false]);
    });

    it("carries the patterns in the deployed REST API body and the public document (so the validator, portal and SDK see them)", () => {
        const aws = {
            region: "eu-west-1",
            functionArns: Object.fromEntries(["health", "catalogRead", "catalogWrite", "imageUpload", "createOrder", "readOrders", "orderReceipt", "salesReport", "stockUpdate"].map((f) => [f, `arn:aws:lambda:eu-west-1:1:function:${f}`])) as any,
            authorizer: { functionArn: "arn:aws:lambda:eu-west-1:1:function:authorizer", resultTtlSeconds: 300 },
            integrationTimeoutMs: 10000,
            corsOrigins: [],
        };
        for (const doc of [buildOpenApi({ aws }), buildOpenApi()]) {
            const text = JSON.parse(JSON.stringify(doc));
            expect(text.components.schemas.ProductInput.properties.name.pattern).to.equal(PLAIN_TEXT_PATTERN);
            expect(text.components.schemas.ProductInput.properties.description.pattern).to.equal(MULTILINE_TEXT_PATTERN);
            const report = text.paths["/v1/reports/sales"].get.parameters;
            expect(report.map((p: { name: string; schema: JsonSchema }) => [p.name, p.schema.pattern])).to.deep.equal([["from", DAY_PATTERN], ["to", DAY_PATTERN]]);
        }
    });
});
