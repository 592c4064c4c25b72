import { gatewayErrors } from "./errors";
import { parseProxyResult, type ProxyResponse } from "./proxyResult";

/**
 * Runs a Lambda proxy integration with API Gateway's failure semantics: past `timeoutMs` the client gets 504
 * Endpoint request timed out (the function keeps running, as in AWS); a function error or a malformed result
 * gets 502 Internal server error.
 */
export async function runIntegration(call: () => Promise<unknown>, timeoutMs: number): Promise<ProxyResponse> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<"timeout">((resolve) => {
        timer = setTimeout(() => resolve("timeout"), timeoutMs);
    });
    const settled = call().then(
        (value) => ({ ok: true as const, value }),
        () => ({ ok: false as const }),
    );
    try {
        const outcome = await Promise.race([settled, timedOut]);
        if (outcome === "timeout") throw gatewayErrors.timeout();
        if (!outcome.ok) throw gatewayErrors.internal();
        const response = parseProxyResult(outcome.value);
        if (response === undefined) throw gatewayErrors.internal();
        return response;
    } finally {
        clearTimeout(timer);
    }
}
