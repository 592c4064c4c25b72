/**
 * The bootstrap program's config: read once, validated before any resource is created, frozen. Every bad key is
 * reported at once, each problem naming the key and what is allowed (the main program's `config/parse.ts` style).
 */

/** The Pulumi config namespace of the bootstrap project (its `Pulumi.yaml` name). */
export const NAMESPACE = "portcullis-bootstrap";

/** One deploy stage: the main program's stack and the GitHub environment whose jobs may deploy it. */
export interface StageConfig {
    /** The main program's stack name (`dev`, `prod`); its resources are named `portcullis-<name>-*`. */
    readonly name: string;
    /** The GitHub environment the deploy job of this stage runs in (`environment:` in the workflow). */
    readonly environment: string;
}

/** A self-managed Pulumi backend: state in S3, secrets encrypted with a KMS key. */
export interface StateBackendConfig {
    /** The S3 bucket holding the state (`pulumi login s3://<bucket>`). */
    readonly bucket: string;
    /** The KMS key of the stacks' secrets provider (`--secrets-provider awskms://<key id or alias>`). */
    readonly kmsKeyArn: string;
}

/** The validated bootstrap config. Defaults: {@link BOOTSTRAP_DEFAULTS}. */
export interface BootstrapConfig {
    readonly region: string;
    /** The repository whose workflows may assume the roles. */
    readonly github: { readonly owner: string; readonly repo: string };
    /** Deploy stages, one deploy role each. */
    readonly stages: readonly StageConfig[];
    /**
     * The ARN of a GitHub OIDC provider the account already has (IAM allows one provider per URL per account);
     * unset: the bootstrap creates it.
     */
    readonly existingOidcProviderArn?: string;
    /**
     * True when the repository's OIDC subject template is customized to `["repo", "context", "ref"]`, so IAM itself
     * can require the `main` branch of a deploy job (see README, runbook step 2).
     */
    readonly oidcSubjectIncludesRef: boolean;
    /** Self-managed backend the CI roles read (preview) and write (deploy); unset for Pulumi Cloud. */
    readonly stateBackend?: StateBackendConfig;
    /** Create API Gateway's account-level CloudWatch role and `aws.apigateway.Account` in this region. */
    readonly manageAccountCloudWatchRole: boolean;
    /** Subscribe the account to Shield Advanced: USD 3,000 per month, one-year commitment. */
    readonly shieldAdvancedSubscription: boolean;
    /** Whether the Shield Advanced subscription renews itself at the end of the year. */
    readonly shieldAutoRenew: "ENABLED" | "DISABLED";
}

/**
 * Defaults. Shield Advanced is off: it commits the account to a year of USD 3,000 per month, so only an explicit
 * `shieldAdvancedSubscription: true` turns it on, and then it does not renew unless `shieldAutoRenew` says so.
 */
export const BOOTSTRAP_DEFAULTS = Object.freeze({
    stages: Object.freeze([
        Object.freeze({ name: "dev", environment: "dev" }),
        Object.freeze({ name: "prod", environment: "production" }),
    ]),
    oidcSubjectIncludesRef: false,
    manageAccountCloudWatchRole: true,
    shieldAdvancedSubscription: false,
    shieldAutoRenew: "DISABLED" as const,
});

/** GitHub user and organization names: alphanumerics and single inner hyphens, at most 39 characters. */
const GITHUB_OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;
/** GitHub repository names: letters, digits, `.`, `_`, `-`, at most 100 characters. */
const GITHUB_REPO = /^[A-Za-z0-9._-]{1,100}$/;
/**
 * Stage names become `portcullis-<stage>-*` resource names and part of the deploy role's name (IAM role names are
 * at most 64 characters), so: lower case, starting with a letter, at most 16 characters.
 */
const STAGE = /^[a-z][a-z0-9-]{0,15}$/;
/**
 * GitHub environment names end up in the OIDC `sub` claim; a `:` there is escaped as `%3A`, which a trust policy
 * would have to spell out, so names are kept to letters, digits, `.`, `_`, `-` and spaces.
 */
const ENVIRONMENT = /^[A-Za-z0-9._ -]{1,255}$/;
const REGION = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;
/** S3 bucket names (general purpose): 3 to 63 lower-case letters, digits, dots and hyphens. */
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key\/[0-9a-f-]{36}|alias\/[A-Za-z0-9/_-]+)$/;
const OIDC_PROVIDER_ARN = /^arn:aws[a-z-]*:iam::\d{12}:oidc-provider\/token\.actions\.githubusercontent\.com$/;

/** Every `portcullis-bootstrap:` key, in the order the README documents them. */
export const BOOTSTRAP_KEYS = ["github", "stages", "existingOidcProviderArn", "oidcSubjectIncludesRef", "stateBackend",
    "manageAccountCloudWatchRole", "shieldAdvancedSubscription", "shieldAutoRenew"] as const;

/**
 * A config value as Pulumi stores it (a string: JSON for objects, lists and booleans, plain text otherwise) to
 * what the stack file wrote.
 */
export function configValue(text: string | undefined): unknown {
    if (text === undefined) return undefined;
    try {
        return JSON.parse(text);
    } catch {
        return text;
    }
}

/** Raised when the bootstrap config is missing or wrong; `problems` holds one sentence per bad key. */
export class BootstrapConfigError extends Error {
    public readonly code = "InvalidBootstrapConfig";
    constructor(public readonly problems: string[]) {
        super(`Invalid bootstrap configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
        this.name = "BootstrapConfigError";
    }
}

/** The raw values: `aws:region` and each `portcullis-bootstrap:<key>`, as Pulumi config hands them over. */
export type RawBootstrapConfig = Record<string, unknown>;

const describe = (v: unknown) => (v === undefined ? "nothing" : JSON.stringify(v));
const key = (k: string) => `${NAMESPACE}:${k}`;

/** Validates the raw config into a frozen {@link BootstrapConfig}, or throws one error listing every problem. */
export function parseBootstrapConfig(raw: RawBootstrapConfig): BootstrapConfig {
    const problems: string[] = [];
    const fail = (k: string, expected: string, got: unknown) => problems.push(`${k} must be ${expected}; got ${describe(got)}`);
    const bool = (k: string, fallback: boolean): boolean => {
        const v = raw[k];
        if (v === undefined) return fallback;
        if (typeof v !== "boolean") fail(key(k), "true or false", v);
        return v === true;
    };
    const match = (k: string, v: unknown, pattern: RegExp, expected: string): string => {
        if (typeof v !== "string" || !pattern.test(v)) fail(k, expected, v);
        return String(v);
    };

    const region = match("aws:region", raw["aws:region"], REGION, "an AWS region such as eu-west-1");

    const github = (raw.github ?? {}) as Record<string, unknown>;
    if (typeof raw.github !== "object" || raw.github === null || Array.isArray(raw.github)) fail(key("github"), "an object { owner, repo }", raw.github);
    const owner = match(key("github.owner"), github.owner, GITHUB_OWNER, "a GitHub user or organization name (letters, digits, single inner hyphens, at most 39)");
    const repo = match(key("github.repo"), github.repo, GITHUB_REPO, "a GitHub repository name (letters, digits, '.', '_', '-', at most 100)");
    if (repo === "." || repo === "..") fail(key("github.repo"), "a repository name other than '.' or '..'", repo);

    const stages = parseStages(raw.stages, fail, problems);

    const existing = raw.existingOidcProviderArn;
    if (existing !== undefined) match(key("existingOidcProviderArn"), existing, OIDC_PROVIDER_ARN, "the ARN of the account's token.actions.githubusercontent.com OIDC provider");

    let stateBackend: StateBackendConfig | undefined;
    if (raw.stateBackend !== undefined) {
        const sb = (raw.stateBackend ?? {}) as Record<string, unknown>;
        stateBackend = {
            bucket: match(key("stateBackend.bucket"), sb.bucket, BUCKET, "an S3 bucket name (3 to 63 lower-case letters, digits, '.', '-')"),
            kmsKeyArn: match(key("stateBackend.kmsKeyArn"), sb.kmsKeyArn, KMS_KEY_ARN, "a KMS key or alias ARN"),
        };
    }

    const shieldAutoRenew = raw.shieldAutoRenew ?? BOOTSTRAP_DEFAULTS.shieldAutoRenew;
    if (shieldAutoRenew !== "ENABLED" && shieldAutoRenew !== "DISABLED") fail(key("shieldAutoRenew"), "ENABLED or DISABLED", shieldAutoRenew);
    const shieldAdvancedSubscription = bool("shieldAdvancedSubscription", BOOTSTRAP_DEFAULTS.shieldAdvancedSubscription);
    if (raw.shieldAutoRenew !== undefined && !shieldAdvancedSubscription) {
        problems.push(`${key("shieldAutoRenew")} is set but ${key("shieldAdvancedSubscription")} is not true; set both or neither`);
    }

    for (const k of Object.keys(raw)) {
        if (k !== "aws:region" && !(BOOTSTRAP_KEYS as readonly string[]).includes(k) && raw[k] !== undefined) {
            problems.push(`${key(k)} is not a bootstrap setting; allowed: ${BOOTSTRAP_KEYS.join(", ")}`);
        }
    }

    const config: BootstrapConfig = {
        region,
        github: Object.freeze({ owner, repo }),
        stages,
        ...(existing === undefined ? {} : { existingOidcProviderArn: String(existing) }),
        oidcSubjectIncludesRef: bool("oidcSubjectIncludesRef", BOOTSTRAP_DEFAULTS.oidcSubjectIncludesRef),
        ...(stateBackend === undefined ? {} : { stateBackend: Object.freeze(stateBackend) }),
        manageAccountCloudWatchRole: bool("manageAccountCloudWatchRole", BOOTSTRAP_DEFAULTS.manageAccountCloudWatchRole),
        shieldAdvancedSubscription,
        shieldAutoRenew: shieldAutoRenew as "ENABLED" | "DISABLED",
    };
    if (problems.length > 0) throw new BootstrapConfigError(problems);
    return Object.freeze(config);
}

/** Reads `stages`: a non-empty list of unique `{ name, environment }`. */
function parseStages(value: unknown, fail: (k: string, expected: string, got: unknown) => void, problems: string[]): readonly StageConfig[] {
    if (value === undefined) return BOOTSTRAP_DEFAULTS.stages;
    if (!Array.isArray(value) || value.length === 0) {
        fail(key("stages"), "a non-empty list of { name, environment }", value);
        return [];
    }
    const stages = value.map((s: Record<string, unknown> | null, i) => {
        const name = s?.name, environment = s?.environment;
        if (typeof name !== "string" || !STAGE.test(name)) fail(key(`stages[${i}].name`), "a stack name: lower case, starting with a letter, at most 16 of a-z 0-9 -", name);
        if (typeof environment !== "string" || !ENVIRONMENT.test(environment)) {
            fail(key(`stages[${i}].environment`), "a GitHub environment name (letters, digits, '.', '_', '-', spaces; no ':')", environment);
        }
        return Object.freeze({ name: String(name), environment: String(environment) });
    });
    for (const field of ["name", "environment"] as const) {
        const seen = stages.map((s) => s[field]);
        const twice = seen.filter((v, i) => seen.indexOf(v) !== i);
        if (twice.length > 0) problems.push(`${key("stages")} names ${field} ${JSON.stringify(twice[0])} twice; each stage needs its own`);
    }
    return Object.freeze(stages);
}
