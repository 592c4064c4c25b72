import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as errors from "../../handlers/lib/errors";
import { GATEWAY_RESPONSE_TYPES } from "../../contract";
import { handlerErrorCodes } from "../../portal/errorCodes";
import { errorsMarkdown, gatewayBody, gatewayResponseTemplates, GATEWAY_RESPONSES } from "../../portal/errorReference";

const ROOT = path.resolve(__dirname, "..", "..");

describe("portal/errorCodes and the error reference", () => {
    const codes = handlerErrorCodes(ROOT);
    const byCode = new Map(codes.map((c) => [c.code, c]));

    it("finds every error class's default code with the status the class really has", () => {
        type ErrorClass = new (message: string) => errors.ApiError;
        const classes = (Object.values(errors) as unknown[]).filter((v): v is ErrorClass => typeof v === "function" && v.prototype instanceof errors.ApiError);
        expect(classes.length).to.be.greaterThan(5);
        for (const Cls of classes) {
            const e = new Cls("probe");
            expect(byCode.get(e.code)?.status, `${Cls.name} ${e.code}`).to.equal(e.status);
        }
    });

    it("finds the codes handlers pass themselves, with their class's status", () => {
        const sample = { InvalidIdempotencyKey: 400, InvalidCursor: 400, IdempotencyKeyReused: 409, OutOfStock: 409, UnknownProduct: 422, InternalError: 500, ServiceUnavailable: 503 };
        for (const [code, status] of Object.entries(sample)) expect(byCode.get(code)?.status, code).to.equal(status);
        expect(byCode.get("IdempotencyKeyReused")?.thrownIn).to.deep.equal(["handlers/createOrder.ts"]);
    });

    it("agrees with toApiError on what an unexpected failure answers", () => {
        const internal = errors.toApiError(new Error("boom"));
        expect(byCode.get(internal.code)?.status).to.equal(internal.status);
    });

    it("refuses a code that is not a literal, naming the file and line", () => {
        const root = fs.mkdtempSync(path.join(os.tmpdir(), "codes-"));
        try {
            fs.mkdirSync(path.join(root, "handlers", "lib"), { recursive: true });
            fs.copyFileSync(path.join(ROOT, "handlers/lib/errors.ts"), path.join(root, "handlers/lib/errors.ts"));
            fs.writeFileSync(path.join(root, "handlers/x.ts"), 'const c = "Dynamic";\n\nthrow new ConflictError("No.", c);\n');
            expect(() => handlerErrorCodes(root)).to.throw(
                "handlers/x.ts:3 passes ConflictError a code that is not a string literal; the error reference can only list literal codes",
            );
        } finally {
            fs.rmSync(root, { recursive: true, force: true });
        }
    });

    it("lists every handler code with its status and every gateway response with its body", () => {
        const md = errorsMarkdown(codes);
        for (const c of codes) expect(md, c.code).to.include(`| \`${c.code}\` | ${c.status} |`);
        for (const type of GATEWAY_RESPONSE_TYPES) expect(md, type).to.include(`| \`${type}\` | ${GATEWAY_RESPONSES[type].status} |`);
        expect(md).to.include('| `QUOTA_EXCEEDED` | 429 | `{"message":"Limit Exceeded"}` |');
    });

    it("builds gateway bodies from the REST API's own templates", () => {
        const templates = gatewayResponseTemplates();
        expect(Object.keys(templates)).to.have.members([...GATEWAY_RESPONSE_TYPES]);
        expect(gatewayBody(templates.THROTTLED, "Too Many Requests")).to.equal('{"message":"Too Many Requests"}');
    });
});
