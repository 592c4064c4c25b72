import { apiHandler, ApiHandler } from "./lib/api";
import { commonSettings, requireEnv } from "./lib/env";
import { API_ERRORS, defineManifest } from "./manifest";

/**
 * `GET /health`: answers while the function can serve requests. It checks no data store on purpose: monitors
 * call it often and without credentials, and a store outage is reported by the routes that need the store (503)
 * and by the alarms, not by turning the health check into a fan-out to every dependency.
 *
 * Environment and permissions: {@link manifest}.
 */
export function createHandler(): ApiHandler {
    const env = requireEnv(["API_VERSION"]);
    return apiHandler(
        "health",
        { getHealth: async () => ({ status: 200, body: { status: "ok", version: env.API_VERSION } }) },
        commonSettings("health"),
    );
}

/** What health needs (checked against the code above by tests/handlers/manifests.test.ts). None: it answers from the function alone. */
export const manifest = defineManifest({
    env: ["API_VERSION"],
    grants: [],
    errors: API_ERRORS,
});
