import { expect } from "chai";
import { isInvalidInput, toApiError } from "../../../handlers/lib/errors";

/** An error as the SDK throws it for a service's answer. */
const sdkError = (name: string, message: string, status = 400) => Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });

describe("handlers/lib/errors: store errors to statuses", () => {
    it("maps PostgreSQL's data exceptions (SQLSTATE class 22) through the Data API to 400 InvalidValue, under either error name", () => {
        const refused = [
            sdkError("BadRequestException", 'ERROR: date/time field value out of range: "0000-01-01"; SQLState: 22008'),
            sdkError("DatabaseErrorException", "ERROR: invalid byte sequence for encoding \"UTF8\": 0x00; SQLState: 22021"),
            sdkError("BadRequestException", 'ERROR: invalid input syntax for type timestamp with time zone: "x"\n  Position: 12; SQLState: 22007'),
            sdkError("ValidationException", "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value."),
        ];
        for (const err of refused) {
            const apiError = toApiError(err);
            expect([isInvalidInput(err), apiError.status, apiError.code], err.message).to.deep.equal([true, 400, "InvalidValue"]);
            expect(apiError.message).to.not.match(/SQLState|ERROR|AttributeValue|0x00/);
        }
    });

    it("keeps 500 for other SQL errors and 503 for outages only", () => {
        expect(toApiError(sdkError("BadRequestException", 'ERROR: relation "orders" does not exist; SQLState: 42P01')).status).to.equal(500);
        expect(toApiError(sdkError("DatabaseErrorException", "ERROR: duplicate key; SQLState: 23505")).status).to.equal(500);
        expect(toApiError(sdkError("Error", "Mentions SQLState: 22008, but not from the Data API")).status).to.equal(500);
        expect(toApiError(sdkError("DatabaseResumingException", "resuming", 400)).status).to.equal(503);
        expect(toApiError(sdkError("ProvisionedThroughputExceededException", "slow down")).status).to.equal(503);
        expect(toApiError(new Error("bug")).status).to.equal(500);
    });
});
