import type { GatewayConfig, MethodThrottle, Throttle, Tier } from "../../config/schema";
import type { Route } from "../../contract";
import { BucketSet } from "./tokenBucket";

const methodKey = (method: string, path: string) => `${method} ${path}`;

function overrides(list: readonly MethodThrottle[]): Map<string, Throttle> {
    return new Map(list.map((t) => [methodKey(t.method, t.path), { rateLimit: t.rateLimit, burstLimit: t.burstLimit }]));
}

/**
 * The two throttling layers of a REST API stage:
 * - stage method settings: the stage default (`gateway.throttle`, API Gateway's `*\/*`) applies to each method
 *   separately, `endpointThrottles` replace it for one method; shared by every caller of that method;
 * - usage plans: per API key, the tier's throttle, replaced for one method by the tier's `methodThrottles`.
 * A request must get a token from both; the stage layer is checked first so a request it rejects spends nothing
 * of the caller's plan.
 */
export class Throttles {
    private readonly stageBuckets = new BucketSet();
    private readonly keyBuckets = new BucketSet();
    private readonly stageOverrides: Map<string, Throttle>;
    private readonly tierOverrides: Map<Tier, Map<string, Throttle>>;

    constructor(private readonly gateway: Pick<GatewayConfig, "throttle" | "endpointThrottles" | "tiers">) {
        this.stageOverrides = overrides(gateway.endpointThrottles);
        this.tierOverrides = new Map(Object.entries(gateway.tiers).map(([tier, cfg]) => [tier as Tier, overrides(cfg.methodThrottles)]));
    }

    /** The stage's limit for a method, as every caller of it shares it. */
    stageLimit(route: Route): Throttle {
        return this.stageOverrides.get(methodKey(route.method, route.path)) ?? this.gateway.throttle;
    }

    /** The usage plan's limit for one key on one method. */
    planLimit(tier: Tier, route: Route): Throttle {
        return this.tierOverrides.get(tier)?.get(methodKey(route.method, route.path)) ?? this.gateway.tiers[tier].throttle;
    }

    /** Takes a token from the method's stage bucket; false means 429. */
    takeStage(route: Route, nowMs: number): boolean {
        return this.stageBuckets.take(methodKey(route.method, route.path), this.stageLimit(route), nowMs);
    }

    /**
     * Takes a token from the key's bucket: one bucket per method that has an override in the plan, and one shared
     * by all the plan's other methods.
     */
    takePlan(apiKeyId: string, tier: Tier, route: Route, nowMs: number): boolean {
        const hasOverride = this.tierOverrides.get(tier)?.has(methodKey(route.method, route.path)) ?? false;
        const bucket = hasOverride ? `${apiKeyId} ${methodKey(route.method, route.path)}` : apiKeyId;
        return this.keyBuckets.take(bucket, this.planLimit(tier, route), nowMs);
    }
}
