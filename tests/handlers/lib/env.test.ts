import { expect } from "chai";
import { ConfigurationError, commonSettings, optionalInteger, requireEnv, resolveLogLevel } from "../../../handlers/lib/env";

describe("handlers/lib/env", () => {
    it("names every missing required variable at once", () => {
        expect(() => requireEnv(["TABLE_NAME", "DB_NAME"], { TABLE_NAME: " " })).to.throw(ConfigurationError, "Missing required environment variable(s): TABLE_NAME, DB_NAME");
        expect(requireEnv(["TABLE_NAME"], { TABLE_NAME: " t " })).to.deep.equal({ TABLE_NAME: "t" });
    });

    it("takes the log level from AWS_LAMBDA_LOG_LEVEL first, then LOG_LEVEL, then INFO", () => {
        expect(resolveLogLevel({ AWS_LAMBDA_LOG_LEVEL: "error", LOG_LEVEL: "DEBUG" })).to.equal("ERROR");
        expect(resolveLogLevel({ AWS_LAMBDA_LOG_LEVEL: " ", LOG_LEVEL: "warn" })).to.equal("WARN");
        expect(resolveLogLevel({ LOG_LEVEL: "SILENT" })).to.equal("SILENT");
        expect(resolveLogLevel({})).to.equal("INFO");
        expect(commonSettings("fn", { AWS_LAMBDA_LOG_LEVEL: "WARN", LOG_LEVEL: "INFO" }).logLevel).to.equal("WARN");
    });

    it("maps Lambda's TRACE and FATAL to the logger's DEBUG and ERROR, keeping at least what Lambda would", () => {
        expect(resolveLogLevel({ AWS_LAMBDA_LOG_LEVEL: "TRACE", LOG_LEVEL: "ERROR" })).to.equal("DEBUG");
        expect(resolveLogLevel({ AWS_LAMBDA_LOG_LEVEL: "FATAL" })).to.equal("ERROR");
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
