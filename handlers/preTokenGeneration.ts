import type { PreTokenGenerationV2TriggerEvent } from "aws-lambda";
import { fullScope, GROUP_SCOPES } from "../contract/access";
import { SCOPES, type Group, type Scope } from "../contract/types";
import { defineManifest } from "./manifest";

/**
 * Scopes to add to a user's access token for the groups they belong to (`portcullis/<scope>`, deduplicated,
 * sorted). Unknown groups add nothing: only the contract's `GROUP_SCOPES` grant API scopes.
 */
export function scopesForGroups(groups: readonly string[]): string[] {
    const scopes = new Set<Scope>();
    for (const g of groups) for (const s of (GROUP_SCOPES as Record<string, readonly Scope[] | undefined>)[g] ?? []) scopes.add(s);
    return [...scopes].sort().map(fullScope);
}

/**
 * Cognito pre-token-generation trigger (event version V2_0): makes a user's API scopes exactly those of their
 * groups. It adds the groups' scopes (`scopesToAdd`) and suppresses every other API scope (`scopesToSuppress`):
 * the web client may request any API scope through the hosted UI, so without suppression a user in no group
 * could ask for `orders.write` and get it. Needs no environment and no IAM permissions beyond its logs.
 */
export function createHandler(): (event: PreTokenGenerationV2TriggerEvent) => Promise<PreTokenGenerationV2TriggerEvent> {
    const known = new Set<string>(Object.keys(GROUP_SCOPES) as Group[]);
    return async (event) => {
        const groups = (event.request.groupConfiguration?.groupsToOverride ?? []).filter((g) => known.has(g));
        const granted = scopesForGroups(groups);
        const existing = event.response.claimsAndScopeOverrideDetails ?? {};
        event.response.claimsAndScopeOverrideDetails = {
            ...existing,
            accessTokenGeneration: {
                ...existing.accessTokenGeneration,
                scopesToAdd: granted,
                scopesToSuppress: SCOPES.map(fullScope).filter((s) => !granted.includes(s)),
            },
        };
        return event;
    };
}

/** What preTokenGeneration needs (checked against the code above by tests/handlers/manifests.test.ts). None: it reads the event only. */
export const manifest = defineManifest({
    env: [],
    grants: [],
});
