import { expect } from "chai";
import {
    allowOriginHeaders,
    GATEWAY_RESPONSE_HEADERS,
    GATEWAY_RESPONSE_TYPES,
    GATEWAY_RESPONSES,
    preflightHeaders,
    renderGatewayBody,
    SECURITY_HEADERS,
    type GatewayResponseType,
} from "../../contract";
import { jsonResponse } from "../../handlers/lib/http";
import { gatewayErrors } from "../../local/gateway/errors";
import { gatewayErrorResponse } from "../../local/gateway/responses";

describe("contract/responses: API Gateway's answers and the response headers, one table", () => {
    it("customizes the types the REST API body lists, in its order, and leaves the other two at API Gateway's defaults", () => {
        expect(GATEWAY_RESPONSE_TYPES.slice(0, 4)).to.deep.equal(["DEFAULT_4XX", "DEFAULT_5XX", "UNAUTHORIZED", "ACCESS_DENIED"]);
        expect(GATEWAY_RESPONSE_TYPES).to.have.length(13);
        const left = (Object.keys(GATEWAY_RESPONSES) as GatewayResponseType[]).filter((t) => !GATEWAY_RESPONSES[t].customized);
        expect(left).to.deep.equal(["AUTHORIZER_CONFIGURATION_ERROR", "INVALID_SIGNATURE"]);
    });

    it("renders API Gateway's two body shapes, a missing message as null and the validator's report escaped", () => {
        expect(renderGatewayBody("THROTTLED", "Too Many Requests")).to.equal('{"message":"Too Many Requests"}');
        expect(renderGatewayBody("ACCESS_DENIED", "No.")).to.equal('{"Message":"No."}');
        expect(renderGatewayBody("AUTHORIZER_CONFIGURATION_ERROR", null)).to.equal('{"message":null}');
        expect(renderGatewayBody("BAD_REQUEST_BODY", "Invalid request body", '[missing (["name"])]')).to.equal(
            '{"message":"Invalid request body","validation":"[missing ([\\"name\\"])]"}',
        );
    });

    it("has the local gateway answer each situation with its type's status, text and error type from the table", () => {
        const plain = { missingAuthenticationToken: "MISSING_AUTHENTICATION_TOKEN", forbidden: "INVALID_API_KEY", tooManyRequests: "THROTTLED", limitExceeded: "QUOTA_EXCEEDED", unauthorized: "UNAUTHORIZED", explicitDeny: "ACCESS_DENIED", requestTooLong: "REQUEST_TOO_LARGE", timeout: "INTEGRATION_TIMEOUT" } as const;
        for (const [situation, type] of Object.entries(plain)) {
            const error = gatewayErrors[situation as keyof typeof plain]();
            const spec = GATEWAY_RESPONSES[type];
            expect([error.type, error.status, error.gatewayMessage, error.errorType], situation).to.deep.equal([type, spec.status, spec.message, "errorType" in spec ? spec.errorType : undefined]);
        }
        // A family's status is the situation's: a function that fails answers 502 under DEFAULT_5XX.
        expect(gatewayErrors.internal()).to.include({ type: "DEFAULT_5XX", status: 502, gatewayMessage: "Internal server error" });
        const wire = gatewayErrorResponse(gatewayErrors.tooManyRequests());
        expect(wire.headers).to.deep.equal({ ...Object.fromEntries(Object.entries(GATEWAY_RESPONSE_HEADERS).map(([k, v]) => [k, [v]])), "x-amzn-ErrorType": ["TooManyRequestsException"] });
    });

    it("gives the functions' answers every security header, and the gateway's the ones clients act on", () => {
        const res = jsonResponse(200, {}, { origin: "https://app.example", corsOrigins: ["https://app.example"] });
        expect(res.headers).to.include(SECURITY_HEADERS);
        expect(res.headers).to.include({ "Access-Control-Allow-Origin": "https://app.example", "Access-Control-Expose-Headers": "ETag, Location", Vary: "Origin" });
        expect(GATEWAY_RESPONSE_HEADERS).to.deep.equal({ "Content-Type": "application/json", "X-Content-Type-Options": "nosniff", "Cache-Control": "no-store" });
        expect(allowOriginHeaders("https://app.example")).to.deep.equal({ "Access-Control-Allow-Origin": "https://app.example", Vary: "Origin" });
        expect(preflightHeaders(["GET", "POST"])).to.deep.equal({
            "Access-Control-Allow-Methods": "GET,POST,OPTIONS",
            "Access-Control-Allow-Headers": "Authorization,Content-Type,Idempotency-Key,If-Match,X-Api-Key,X-Amz-Date,X-Amz-Security-Token",
            "Access-Control-Max-Age": "600",
            Vary: "Origin",
        });
    });
});
