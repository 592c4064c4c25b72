/** The tag that names a usage plan's tier (Portcullis convention). */
export const TIER_TAG = "portcullis:tier";

/** Default config of the tier rules: the three Portcullis tiers. */
export const TIER_DEFAULTS: Readonly<{ tiers: string[] }> = Object.freeze({ tiers: ["basic", "premium", "enterprise"] });

/** The `tiers` config property, shared by the rules that know the tiers. */
export const TIER_SCHEMA = {
    properties: {
        tiers: {
            type: "array" as const,
            items: { type: "string" as const },
            default: TIER_DEFAULTS.tiers,
            description: "The tiers every REST API must offer, as values of the `portcullis:tier` tag.",
        },
    },
};
