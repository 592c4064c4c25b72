import { localCredentials } from "../../proof/attack/identity";
import type { Target } from "../../proof/attack/battery";
import { startProofLocal, type ProofLocal, type RawGateway } from "../../proof/localApi";
import { liftThrottles } from "../../scripts/soak";

/**
 * One local API for every proof test file (starting one takes seconds): throttles lifted for the soak, and the
 * basic plan's quota cut to {@link PROOF_BASIC_QUOTA} a day so the battery can exhaust it quickly. Stopped once,
 * by the root `after` hook below, when the whole run ends.
 */
export const PROOF_BASIC_QUOTA = 12;

let shared: Promise<ProofLocal> | undefined;

export function proofLocal(): Promise<ProofLocal> {
    shared ??= startProofLocal({
        gateway: (raw: RawGateway) => {
            const lifted = liftThrottles(raw);
            return { ...lifted, tiers: { ...lifted.tiers, basic: { ...lifted.tiers.basic, quota: { limit: PROOF_BASIC_QUOTA, period: "DAY" } } } };
        },
    });
    return shared;
}

after(async function () {
    this.timeout(30_000);
    if (shared !== undefined) await (await shared).stop();
});

/** The battery's target for the local API: every credential, the pool's key, and the basic key's quota. */
export async function localTarget(local: ProofLocal, url = local.app.gateway.url): Promise<Target> {
    const { creds, quotaKey } = await localCredentials(local.app.endpoints);
    return {
        url,
        creds,
        signer: { key: local.signingKey.key, kid: local.signingKey.kid },
        quota: { apiKey: quotaKey, maxRequests: 4 * PROOF_BASIC_QUOTA, maxSeconds: 20 },
    };
}
