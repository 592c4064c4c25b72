import fc from "fast-check";
import { ROUTES } from "../../../contract/routes";
import type { Route } from "../../../contract/types";
import { withCredentials, type Credentials } from "../credentials";
import { send, type Sent } from "../http";
import { requestArbitrary, type FuzzRequest } from "./arbitraries";
import { brokenInvariants } from "./invariants";

/** Statuses API Gateway itself answers with `{"message": ...}` before any function runs (authorizer, keys, WAF, size). */
const GATEWAY_SHAPES = [400, 401, 403, 404, 413, 415, 429] as const;

/** One route's result over HTTP. */
export interface StageFuzzResult {
    route: Route;
    runs: number;
    /** The shrunk failing request and what broke, when one did. */
    failure?: string;
}

/** A generated request as the wire carries it: path and query percent-encoded, the body serialized. */
export function toSent(route: Route, req: FuzzRequest): Sent {
    const path = route.path.replace(/\{(\w+)\}/g, (_, n: string) => encodeURIComponent(req.pathParameters[n] ?? "x"));
    const query = new URLSearchParams(req.query).toString();
    const body = req.body === undefined ? undefined : req.body.raw ? String(req.body.value) : JSON.stringify(req.body.value) ?? "null";
    return {
        method: route.method,
        path: query === "" ? path : `${path}?${query}`,
        // Node refuses header values outside Latin-1 before sending; the wire could not carry them either.
        headers: { ...Object.fromEntries(Object.entries(req.headers).filter(([, v]) => /^[\x20-\x7e\x80-\xff]*$/.test(v))), ...(req.body === undefined ? {} : { "content-type": req.body.contentType }) },
        ...(body === undefined ? {} : { body }),
    };
}

/**
 * The contract fuzzer aimed at a running API (`npm start` or a deployed stage) with the battery's credentials:
 * `runs` requests per route, checked for no 5xx, an error shape (the function's, or API Gateway's own for the
 * statuses it answers itself) and no internal detail. Writing routes run only with `writes` (they create data).
 */
export async function fuzzStage(base: string, creds: Credentials, opts: { runs: number; seed: number; writes: boolean }): Promise<StageFuzzResult[]> {
    const results: StageFuzzResult[] = [];
    for (const route of ROUTES.filter((r) => opts.writes || r.method === "GET")) {
        const property = fc.asyncProperty(requestArbitrary(route), async (req) => {
            const answer = await send(base, await withCredentials(base, route, toSent(route, req), creds));
            if (answer.status === 0) throw new Error(`no answer: ${answer.error}`);
            const broken = brokenInvariants(answer, { gatewayShapes: GATEWAY_SHAPES });
            if (broken.length > 0) throw new Error(broken.join("; "));
        });
        const details = await fc.check(property, { seed: opts.seed, numRuns: opts.runs });
        results.push({
            route,
            runs: details.numRuns,
            ...(details.failed ? { failure: `${JSON.stringify(details.counterexample)}: ${details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance)}` } : {}),
        });
    }
    return results;
}
