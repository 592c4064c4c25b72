import type { LineSink } from "./types";

/**
 * Values of API Gateway `$context` variables for one request, by variable name (`$context.status`). Variables
 * with no value are logged as `-`, as API Gateway does.
 */
export type ContextValues = Record<string, string | number | null | undefined>;

/** Where access-log lines go and in which format. */
export interface AccessLogSettings {
    sink: LineSink;
    /**
     * The stage's `accessLogSettings.format`: a JSON object of field name to `$context` variable. Local mode passes
     * the deployed stage's own format (`GATEWAY_COMPONENT_DEFAULTS.accessLogFormat`), so the same queries and
     * dashboards work on both.
     */
    format: string;
}

/**
 * One access-log line: the format with each variable replaced by its value as a string (API Gateway substitutes
 * into a quoted template, so every value is a string), `-` when unset.
 */
export function accessLogLine(format: Readonly<Record<string, string>>, values: ContextValues): string {
    const line: Record<string, string> = {};
    for (const [field, variable] of Object.entries(format)) {
        const value = values[variable];
        line[field] = value === undefined || value === null || value === "" ? "-" : String(value);
    }
    return JSON.stringify(line);
}

/** Parses a JSON access-log format into field name to variable. */
export function parseAccessLogFormat(format: string): Record<string, string> {
    const parsed: unknown = JSON.parse(format);
    if (typeof parsed !== "object" || parsed === null || Object.values(parsed).some((v) => typeof v !== "string")) {
        throw new Error("accessLog.format must be a JSON object of field names to $context variables");
    }
    return parsed as Record<string, string>;
}
