import { deployRuleProblems } from "./deployRules";
import { defaultOf, readFields, type Field, type Fields } from "./fields";
import { describe, Reader } from "./reader";
import { TIERS, type AuthConfig, type DataConfig, type GatewayConfig, type StackConfig } from "./schema";
import { SECTION_FIELDS, SECTIONS, TOP_LEVEL_FIELDS, type Section } from "./table";

/** Raised when stack configuration is missing or nonsensical; `problems` lists one sentence per bad key. */
export class ConfigError extends Error {
    public readonly code = "InvalidConfig";
    constructor(public readonly stack: string, public readonly problems: string[]) {
        super(`Invalid configuration for stack "${stack}":\n${problems.map((p) => `  - ${p}`).join("\n")}`);
        this.name = "ConfigError";
    }
}

/** The raw values read from Pulumi config: `aws:region`, `portcullis:protect` and each `portcullis:<section>` object. */
export type RawConfig = { stack: string; region?: unknown; protect?: unknown } & { [S in Section]?: unknown };

/** Rules across the keys of the gateway section: tiers are ordered and capped by the stage, client names unique. */
function gatewayProblems(r: Reader, gateway: GatewayConfig): void {
    const k = (path: string) => `portcullis:gateway.${path}`;
    const { throttle, tiers, apiClients } = gateway;
    TIERS.forEach((tier, i) => {
        const rate = tiers[tier].throttle.rateLimit;
        if (rate > throttle.rateLimit) {
            r.problems.push(`${k(`tiers.${tier}.throttle.rateLimit`)} must not exceed the stage-wide rateLimit (${throttle.rateLimit}); got ${rate}`);
        }
        const lower = i > 0 ? tiers[TIERS[i - 1]].throttle.rateLimit : undefined;
        if (lower !== undefined && rate < lower) {
            r.problems.push(`${k(`tiers.${tier}.throttle.rateLimit`)} must be at least the ${TIERS[i - 1]} tier's (${lower}); got ${rate}`);
        }
    });
    const seen = new Set<string>();
    apiClients.forEach((c, i) => {
        if (seen.has(c.name)) r.problems.push(`${k(`apiClients[${i}].name`)} must be unique; "${c.name}" appears twice`);
        seen.add(c.name);
    });
}

function authProblems(r: Reader, auth: AuthConfig): void {
    // With MFA required, USER_PASSWORD_AUTH answers every user with an MFA challenge instead of tokens, so the
    // password client would sign no script in; and the local pool has no MFA, so local and deployed would differ.
    if (auth.passwordClient && auth.mfa === "ON") {
        r.problems.push(
            "portcullis:auth.passwordClient may be true only with portcullis:auth.mfa OPTIONAL (with MFA ON, USER_PASSWORD_AUTH returns an MFA challenge, not tokens); got mfa ON",
        );
    }
}

function dataProblems(r: Reader, data: DataConfig): void {
    for (const name of ["minAcu", "maxAcu"] as const) {
        if (!Number.isInteger(data[name] * 2)) r.problems.push(`portcullis:data.${name} must be a multiple of 0.5; got ${data[name]}`);
    }
    if (data.maxAcu < data.minAcu) r.problems.push(`portcullis:data.maxAcu must be at least minAcu (${data.minAcu}); got ${data.maxAcu}`);
}

/** Deep-freezes a parsed config so no component can change what another one saw. */
function deepFreeze<T>(value: T): T {
    if (value && typeof value === "object") {
        for (const v of Object.values(value)) deepFreeze(v);
        Object.freeze(value);
    }
    return value;
}

/** Reads one top-level key through its field in the table. */
function topLevel<T>(r: Reader, key: keyof typeof TOP_LEVEL_FIELDS, value: unknown, stack: string): T {
    const field = TOP_LEVEL_FIELDS[key] as unknown as Field<T>;
    return field.read(r, key, value, defaultOf(field, stack));
}

/**
 * Validates raw stack config into a frozen {@link StackConfig}, or throws one {@link ConfigError} listing every
 * bad key. Pure: it reads nothing but its argument, so tests call it directly.
 */
export function parseConfig(raw: RawConfig): StackConfig {
    const r = new Reader();
    const stack = raw.stack;
    if (!/^[a-z0-9][a-z0-9-]{0,19}$/.test(stack)) {
        r.problems.push(`the stack name must be lower-case letters, digits and dashes (at most 20); got ${describe(stack)}`);
    }
    const section = <S extends Section>(name: S) => readFields(r, `portcullis:${name}`, raw[name], SECTION_FIELDS[name] as unknown as Fields<StackConfig[S]>, stack);
    const config: StackConfig = {
        stack,
        region: topLevel(r, "aws:region", raw.region, stack),
        prefix: `portcullis-${stack}`,
        protect: topLevel(r, "portcullis:protect", raw.protect, stack),
        edge: section("edge"),
        gateway: section("gateway"),
        auth: section("auth"),
        data: section("data"),
        lambda: section("lambda"),
        observability: section("observability"),
    };
    gatewayProblems(r, config.gateway);
    authProblems(r, config.auth);
    dataProblems(r, config.data);
    // Rules across sections compare valid values only: a fallback standing in for a bad key would add a misleading problem.
    if (r.problems.length === 0) r.problems.push(...deployRuleProblems(config));
    if (r.problems.length > 0) throw new ConfigError(stack, r.problems);
    return deepFreeze(config);
}

/**
 * Reads and validates a stack's config from any source of `namespace:key` values: Pulumi's config at deploy
 * time (`loadConfig` in config/index.ts), a stack file offline (`loadStackConfig` in config/stackFile.ts). The one
 * way config is read, so the program and every offline tool see the same keys and the same errors.
 */
export function readConfig(stack: string, get: (key: string) => unknown): StackConfig {
    const raw: RawConfig = { stack, region: get("aws:region"), protect: get("portcullis:protect") };
    for (const section of SECTIONS) raw[section] = get(`portcullis:${section}`);
    return parseConfig(raw);
}
