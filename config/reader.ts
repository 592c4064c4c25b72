import { findRoute, ROUTES } from "../contract/routes";
import { HTTP_METHODS, type MethodThrottle, type Throttle } from "./schema";

/** A resource path such as `/v1/products/{productId}`. */
const PATH = /^\/[A-Za-z0-9_./{}-]*$/;

/**
 * Reads raw config values into typed ones. Every accessor records a problem instead of throwing, so that one run
 * reports every bad key at once; {@link parseConfig} throws them together. Each problem names the key, what is
 * allowed and what was given.
 */
export class Reader {
    readonly problems: string[] = [];

    fail(key: string, expected: string, got: unknown): void {
        this.problems.push(`${key} must be ${expected}; got ${describe(got)}`);
    }

    object(key: string, value: unknown, fallback: Record<string, unknown> = {}): Record<string, unknown> {
        if (value === undefined || value === null) return fallback;
        if (typeof value !== "object" || Array.isArray(value)) {
            this.fail(key, "an object", value);
            return fallback;
        }
        return value as Record<string, unknown>;
    }

    /** Flags keys the schema does not know, so a typo never silently falls back to a default. */
    known(key: string, value: Record<string, unknown>, allowed: readonly string[]): void {
        for (const name of Object.keys(value)) {
            if (!allowed.includes(name)) {
                this.problems.push(`${key}.${name} is not a known key; known keys are ${allowed.join(", ")}`);
            }
        }
    }

    number(key: string, value: unknown, fallback: number | undefined, min: number, max: number, integer = true): number {
        if (value === undefined || value === null) {
            if (fallback === undefined) this.problems.push(`${key} is required (${rangeText(min, max, integer)})`);
            return fallback ?? min;
        }
        const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
        if (typeof n !== "number" || !Number.isFinite(n) || (integer && !Number.isInteger(n)) || n < min || n > max) {
            this.fail(key, rangeText(min, max, integer), value);
            return fallback ?? min;
        }
        return n;
    }

    boolean(key: string, value: unknown, fallback: boolean): boolean {
        if (value === undefined || value === null) return fallback;
        if (value === true || value === "true") return true;
        if (value === false || value === "false") return false;
        this.fail(key, "true or false", value);
        return fallback;
    }

    oneOf<T extends string | number>(key: string, value: unknown, allowed: readonly T[], fallback: T | undefined): T {
        if (value === undefined || value === null) {
            if (fallback === undefined) this.problems.push(`${key} is required (one of ${allowed.join(", ")})`);
            return fallback ?? allowed[0];
        }
        const candidate = typeof allowed[0] === "number" && typeof value === "string" ? Number(value) : value;
        if (!allowed.includes(candidate as T)) {
            this.fail(key, `one of ${allowed.join(", ")}`, value);
            return fallback ?? allowed[0];
        }
        return candidate as T;
    }

    string(key: string, value: unknown, fallback: string | undefined, pattern: RegExp, expected: string): string {
        if (value === undefined || value === null) {
            if (fallback === undefined) this.problems.push(`${key} is required (${expected})`);
            return fallback ?? "";
        }
        if (typeof value !== "string" || !pattern.test(value)) {
            this.fail(key, expected, value);
            return fallback ?? "";
        }
        return value;
    }

    list<T>(key: string, value: unknown, fallback: T[], item: (key: string, value: unknown) => T): T[] {
        if (value === undefined || value === null) return fallback;
        if (!Array.isArray(value)) {
            this.fail(key, "a list", value);
            return fallback;
        }
        return value.map((v, i) => item(`${key}[${i}]`, v));
    }

    throttle(key: string, value: unknown, fallback?: Throttle): Throttle {
        const raw = this.object(key, value, fallback as unknown as Record<string, unknown>);
        this.known(key, raw, ["rateLimit", "burstLimit"]);
        const before = this.problems.length;
        const rateLimit = this.number(`${key}.rateLimit`, raw.rateLimit, fallback?.rateLimit, 0.001, 10000, false);
        const burstLimit = this.number(`${key}.burstLimit`, raw.burstLimit, fallback?.burstLimit, 1, 5000);
        // Compare only valid values: a fallback standing in for a bad one would make a second, misleading problem.
        if (this.problems.length === before && burstLimit < rateLimit) {
            this.problems.push(`${key}.burstLimit must be at least rateLimit (${rateLimit}); got ${burstLimit}`);
        }
        return { rateLimit, burstLimit };
    }

    methodThrottle(key: string, value: unknown): MethodThrottle {
        const before = this.problems.length;
        const raw = this.object(key, value);
        this.known(key, raw, ["method", "path", "rateLimit", "burstLimit"]);
        const method = this.oneOf(`${key}.method`, raw.method, HTTP_METHODS, undefined);
        const path = this.string(`${key}.path`, raw.path, undefined, PATH, "a resource path such as /v1/products/{productId}");
        if (path && this.problems.length === before && !findRoute(method, path)) {
            this.problems.push(
                `${key} must name a route of the API; ${method} ${path} is not one (routes: ${ROUTES.map((r) => `${r.method} ${r.path}`).join(", ")})`,
            );
        }
        return { method, path, ...this.throttle(key, { rateLimit: raw.rateLimit, burstLimit: raw.burstLimit }) };
    }
}

/** What a number key accepts, in the words every message and the README use. */
export function rangeText(min: number, max: number, integer: boolean): string {
    return `${integer ? "a whole number" : "a number"} from ${min} to ${max}`;
}

/** A raw value as a message quotes it. */
export function describe(value: unknown): string {
    return value === undefined ? "nothing" : JSON.stringify(value);
}
