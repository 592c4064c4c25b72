import type { PreTokenGenerationV2TriggerEvent } from "aws-lambda";
import { fullScope, GROUP_SCOPES } from "../contract/access";
import type { Group, Scope } from "../contract/types";

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
 * Cognito pre-token-generation trigger (event version V2_0): adds the scopes of the user's groups to the access
 * token (`claimsAndScopeOverrideDetails.accessTokenGeneration.scopesToAdd`), so the authorizer can decide from
 * scopes alone. Needs no environment and no IAM permissions beyond its logs.
 */
export function createHandler(): (event: PreTokenGenerationV2TriggerEvent) => Promise<PreTokenGenerationV2TriggerEvent> {
    const known = new Set<string>(Object.keys(GROUP_SCOPES) as Group[]);
    return async (event) => {
        const groups = (event.request.groupConfiguration?.groupsToOverride ?? []).filter((g) => known.has(g));
        const existing = event.response.claimsAndScopeOverrideDetails ?? {};
        event.response.claimsAndScopeOverrideDetails = {
            ...existing,
            accessTokenGeneration: {
                ...existing.accessTokenGeneration,
                scopesToAdd: scopesForGroups(groups),
            },
        };
        return event;
    };
}
