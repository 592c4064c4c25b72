import { expect } from "chai";
import { ConfigurationError, optionalInteger, requireEnv } from "../../../handlers/lib/env";

describe("handlers/lib/env", () => {
    it("names every missing required variable at once", () => {
        expect(() => requireEnv(["TABLE_NAME", "DB_NAME"], { TABLE_NAME: " " })).to.throw(ConfigurationError, "Missing required environment variable(s): TABLE_NAME, DB_NAME");
        expect(requireEnv(["TABLE_NAME"], { TABLE_NAME: " t " })).to.deep.equal({ TABLE_NAME: "t" });
    });

    it("reads an optional whole number, falls back when unset, and rejects anything out of range", () => {
        expect(optionalInteger("RECEIPT_URL_TTL_SECONDS", 300, 30, 86400, {})).to.equal(300);
        expect(optionalInteger("RECEIPT_URL_TTL_SECONDS", 300, 30, 86400, { RECEIPT_URL_TTL_SECONDS: "120" })).to.equal(120);
        expect(() => optionalInteger("RECEIPT_URL_TTL_SECONDS", 300, 30, 86400, { RECEIPT_URL_TTL_SECONDS: "10" })).to.throw(
            ConfigurationError,
            'Environment variable RECEIPT_URL_TTL_SECONDS must be a whole number from 30 to 86400; got "10"',
        );
        expect(() => optionalInteger("RECEIPT_URL_TTL_SECONDS", 300, 30, 86400, { RECEIPT_URL_TTL_SECONDS: "5m" })).to.throw(ConfigurationError);
    });
});
