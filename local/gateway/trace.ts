import { randomBytes } from "crypto";

const ROOT = /(?:^|;)\s*Root=(1-[0-9a-f]{8}-[0-9a-f]{24})/i;

/**
 * The X-Ray trace header for a request: the caller's `X-Amzn-Trace-Id` when it carries a valid Root (so a trace
 * spans client, gateway and function), else a new `Root=1-<epoch seconds, 8 hex>-<24 random hex>`.
 */
export function traceHeader(incoming: string | undefined, nowMs: number): string {
    if (incoming !== undefined && ROOT.test(incoming)) return incoming.trim();
    return `Root=${newTraceId(nowMs)}`;
}

/** `1-5759e988-bd862e3fe1be46a994272793`. */
export function newTraceId(nowMs: number): string {
    const seconds = Math.floor(nowMs / 1000).toString(16).padStart(8, "0");
    return `1-${seconds}-${randomBytes(12).toString("hex")}`;
}

/** The trace id alone (`1-...`), as `$context.xrayTraceId` reports it. */
export function traceId(header: string): string {
    return ROOT.exec(header)?.[1] ?? header;
}
