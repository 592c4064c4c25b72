import { expect } from "chai";
import type { PreTokenGenerationV2TriggerEvent } from "aws-lambda";
import { loadFunctionPackage } from "../../harness/packages";
import { BASE_ENV, call, ProxyHandler } from "./support";

describe("health and the Cognito trigger (serialized packages)", () => {
    it("GET /health answers 200 with the API version and security headers, needing no caller", async () => {
        const health = await loadFunctionPackage<ProxyHandler>("health", BASE_ENV);
        const res = await call(health, { method: "GET", resource: "/health" });
        expect(res).to.deep.include({ status: 200, body: { status: "ok", version: "1.0.0" } });
        expect(res.headers["Strict-Transport-Security"]).to.match(/^max-age=\d+/);
    });

    it("answers 404 NotFound to a route that belongs to another function", async () => {
        const health = await loadFunctionPackage<ProxyHandler>("health", BASE_ENV);
        const res = await call(health, { method: "GET", resource: "/v1/products" });
        expect(res.status).to.equal(404);
        expect(res.body.error.code).to.equal("NotFound");
    });

    it("fails at start-up naming a missing variable, whatever the test process's own environment holds", async () => {
        // The sandbox gives the package exactly the variables passed: one set in this process must not leak in.
        process.env.API_VERSION = BASE_ENV.API_VERSION;
        try {
            await loadFunctionPackage("health", {});
            expect.fail("the factory should have thrown");
        } catch (err) {
            expect((err as Error).message).to.equal("Missing required environment variable(s): API_VERSION");
        } finally {
            delete process.env.API_VERSION;
        }
    });

    it("pre-token generation gives the access token exactly the scopes of the user's known groups", async () => {
        const trigger = await loadFunctionPackage<(e: PreTokenGenerationV2TriggerEvent) => Promise<PreTokenGenerationV2TriggerEvent>>("preTokenGeneration", {});
        const event = {
            version: "2",
            triggerSource: "TokenGeneration_Authentication",
            request: { userAttributes: {}, groupConfiguration: { groupsToOverride: ["customer", "intruders"], iamRolesToOverride: [] }, scopes: [] },
            response: { claimsAndScopeOverrideDetails: null },
        } as unknown as PreTokenGenerationV2TriggerEvent;

        const out = await trigger(event);

        expect(out.response.claimsAndScopeOverrideDetails?.accessTokenGeneration?.scopesToAdd).to.deep.equal([
            "portcullis/catalog.read",
            "portcullis/orders.read",
            "portcullis/orders.write",
        ]);
        expect(out.response.claimsAndScopeOverrideDetails?.accessTokenGeneration?.scopesToSuppress).to.deep.equal([
            "portcullis/catalog.write",
            "portcullis/reports.read",
        ]);
    });

    it("pre-token generation suppresses every API scope for a user in no group, whatever the client asked for", async () => {
        const trigger = await loadFunctionPackage<(e: PreTokenGenerationV2TriggerEvent) => Promise<PreTokenGenerationV2TriggerEvent>>("preTokenGeneration", {});
        const event = {
            version: "2",
            triggerSource: "TokenGeneration_HostedAuth",
            request: { userAttributes: {}, groupConfiguration: { groupsToOverride: [], iamRolesToOverride: [] }, scopes: ["portcullis/orders.write"] },
            response: { claimsAndScopeOverrideDetails: null },
        } as unknown as PreTokenGenerationV2TriggerEvent;

        const out = await trigger(event);

        expect(out.response.claimsAndScopeOverrideDetails?.accessTokenGeneration).to.deep.equal({
            scopesToAdd: [],
            scopesToSuppress: ["portcullis/catalog.read", "portcullis/catalog.write", "portcullis/orders.read", "portcullis/orders.write", "portcullis/reports.read"],
        });
    });
});
