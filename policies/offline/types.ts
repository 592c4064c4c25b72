import { EnforcementLevel, PolicyProviderResource, Severity } from "@pulumi/policy";

/**
 * A resource as the offline engine takes it: what a mocked Pulumi program registers, in plain JSON.
 * Only `type`, `name` and `props` are required; the rest fills in what `pulumi preview` would know.
 */
export interface OfflineResource {
    /** The Pulumi type token, e.g. `aws:s3/bucket:Bucket`. */
    type: string;
    /** The resource's logical name. */
    name: string;
    /** Its URN; built from `options.stack` and `options.project` when absent. */
    urn?: string;
    /** Its input properties: what resource rules see (CrossGuard's `Analyze`). Default `{}`. */
    props?: Record<string, unknown>;
    /**
     * Its state after the update, with computed outputs such as `arn` and `id`: what stack rules see
     * (CrossGuard's `AnalyzeStack`). Default: `props`.
     */
    outputs?: Record<string, unknown>;
    /** The resource options the rules can see. */
    opts?: {
        protect?: boolean;
        /** URN of the parent resource. */
        parent?: string;
        /** URNs of explicit dependencies. */
        dependsOn?: string[];
        ignoreChanges?: string[];
        aliases?: string[];
        deleteBeforeReplace?: boolean;
        additionalSecretOutputs?: string[];
    };
    /** The provider resource, or its URN. */
    provider?: PolicyProviderResource | string;
    /** URNs this resource depends on through its inputs (added to `dependsOn`). */
    dependencies?: string[];
    /** For each input property, the URNs of the resources its value was computed from. */
    propertyDependencies?: Record<string, string[]>;
}

/** One rule violation found by the offline engine. */
export interface Violation {
    /** The rule's name, e.g. `apigateway-stage-missing-access-logs`. */
    policyName: string;
    /** The rule's description. */
    description: string;
    /** The rule's severity. */
    severity: Severity;
    /** The effective enforcement level after the pack config is applied. */
    enforcementLevel: EnforcementLevel;
    /** The resource concerned, when known (stack rules name it through its URN). */
    resourceName?: string;
    resourceType?: string;
    resourceUrn?: string;
    /** The violation message as the rule reported it (without the description the CLI prepends). */
    message: string;
}

/**
 * The pack's policy config, in the format of `pulumi preview --policy-config <file>`: per rule name an
 * enforcement level or `{ enforcementLevel?, ...properties }`, and `all` for the level of every other rule.
 */
export type PolicyPackConfig = Record<string, EnforcementLevel | ({ enforcementLevel?: EnforcementLevel } & Record<string, unknown>)>;
