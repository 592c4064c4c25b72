import { expect } from "chai";
import * as errors from "../../handlers/lib/errors";
import { GATEWAY_RESPONSE_TYPES, GATEWAY_RESPONSES } from "../../contract";
import { MANIFESTS } from "../../handlers";
import { ERROR_CODES } from "../../handlers/errorCodes";
import { errorsMarkdown, handlerErrorCodes } from "../../portal/errorReference";

describe("portal/errorReference: the error reference from the codes table and the manifests", () => {
    const codes = handlerErrorCodes();
    const byCode = new Map(codes.map((c) => [c.code, c]));

    it("lists every code of the table once, with its status, sorted by status then code", () => {
        expect(codes.map((c) => c.code)).to.have.members(Object.keys(ERROR_CODES));
        const order = codes.map((c) => `${c.status} ${c.code}`);
        expect(order).to.deep.equal([...order].sort((a, b) => Number(a.slice(0, 3)) - Number(b.slice(0, 3)) || a.localeCompare(b)));
        expect(byCode.get("IdempotencyKeyReused")?.status).to.equal(409);
    });

    it("names the functions whose manifest lists each code", () => {
        expect(byCode.get("IdempotencyKeyReused")?.answeredBy).to.deep.equal(["createOrder"]);
        expect(byCode.get("InvalidCursor")?.answeredBy).to.deep.equal(["catalogRead", "readOrders"]);
        expect(byCode.get("InternalError")?.answeredBy).to.include.members(["health", "createOrder", "stockUpdate"]);
        expect(byCode.get("InternalError")?.answeredBy).to.not.include("authorizer");
        for (const c of codes) for (const f of c.answeredBy) expect(MANIFESTS[f].errors, `${f} ${c.code}`).to.include(c.code);
    });

    it("agrees with toApiError on what an unexpected failure answers", () => {
        const internal = errors.toApiError(new Error("boom"));
        expect(byCode.get(internal.code)?.status).to.equal(internal.status);
    });

    it("lists every handler code with its status and who answers it, and every gateway response with its body", () => {
        const md = errorsMarkdown();
        for (const c of codes) expect(md, c.code).to.include(`| \`${c.code}\` | ${c.status} |`);
        expect(md).to.include("| `InvalidCursor` | 400 | The cursor is not valid for this listing: pass back the `nextCursor` of the same listing unchanged. | catalogRead, readOrders |");
        expect(md).to.include("| `ServiceUnavailable` | 503 | A data store cannot be reached; nothing was changed and a retry with backoff may succeed. | every API function |");
        for (const type of GATEWAY_RESPONSE_TYPES) expect(md, type).to.include(`| \`${type}\` | ${GATEWAY_RESPONSES[type].status} |`);
        expect(md).to.include('| `QUOTA_EXCEEDED` | 429 | `{"message":"Limit Exceeded"}` |');
        expect(md).to.include('| `ACCESS_DENIED` | 403 | `{"Message":"User is not authorized to access this resource with an explicit deny"}` |');
        expect(md).to.include('| `BAD_REQUEST_BODY` | 400 | `{"message":"Invalid request body","validation":"[object has missing required properties ([\\"name\\"])]"}` |');
        expect(md).to.include("| `DEFAULT_4XX` | 4XX | `{\"message\":\"(API Gateway's message)\"}` |");
    });
});
