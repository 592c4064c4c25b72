import { expect } from "chai";
import { MANIFESTS } from "../../handlers";
import { ERROR_CODES, type ErrorCode } from "../../handlers/errorCodes";
import { ApiError, BadRequestError, ConflictError, toApiError, UnprocessableError } from "../../handlers/lib/errors";

describe("handlers/errorCodes: the one table of error codes", () => {
    it("gives each error its status from the table", () => {
        expect(new ConflictError("No.", "OutOfStock").status).to.equal(409);
        expect(new UnprocessableError("No.", "UnknownProduct").status).to.equal(422);
        expect(new ApiError("InternalError", "Boom.").status).to.equal(500);
        expect(toApiError(new Error("boom"))).to.include({ code: "InternalError", status: ERROR_CODES.InternalError.status });
    });

    it("refuses, at compile time, a code missing from the table or one of another status", () => {
        // `npm test` type-checks this file first: each construction below must stay a compile error, or tsc fails on its directive.
        const misuses = {
            // @ts-expect-error "NoSuchCode" is not in ERROR_CODES.
            unknown: () => new BadRequestError("No.", "NoSuchCode"),
            // @ts-expect-error OutOfStock is a 409 code; a 400 error cannot carry it.
            wrongStatus: () => new BadRequestError("No.", "OutOfStock"),
            // @ts-expect-error ApiError takes a code of the table only.
            base: () => new ApiError("Teapot", "No."),
        };
        // Past the compiler, the table still decides: a code without a row has no status, and a row's status wins over the class.
        expect(misuses.unknown).to.throw(TypeError);
        expect(misuses.base).to.throw(TypeError);
        expect(misuses.wrongStatus().status).to.equal(ERROR_CODES.OutOfStock.status);
    });

    it("lists only codes some function answers, by its manifest", () => {
        const answered = new Set(Object.values(MANIFESTS).flatMap((m) => m.errors ?? []));
        expect(Object.keys(ERROR_CODES).filter((c) => !answered.has(c as ErrorCode))).to.deep.equal([]);
    });
});
