import { SignatureV4 } from "@smithy/signature-v4";
import type { Route } from "../../contract/types";
import { Sha256 } from "../../local/gateway/sha256";
import type { Sent } from "./http";
import { needsAdmin } from "./routes";

/** What a caller may present: an API key, tokens per role and SigV4 credentials for the IAM route. */
export interface Credentials {
    apiKey?: string;
    /** A customer's access token. */
    token?: string;
    /** An admin's access token. */
    adminToken?: string;
    /** SigV4 credentials, and the stage's execute-api URL (`internalApiUrl`) the IAM route is signed for and sent to. */
    iam?: { accessKeyId: string; secretAccessKey: string; region: string; baseUrl?: string };
}

/**
 * `req` with the credentials its route asks for: the API key on keyed routes, the admin or customer token on
 * token routes, a SigV4 signature on the IAM route. Missing credentials are simply left out.
 */
export async function withCredentials(base: string, route: Route, req: Sent, c: Credentials): Promise<Sent> {
    const headers: Record<string, string> = { ...req.headers };
    if (route.apiKeyRequired && c.apiKey !== undefined) headers["x-api-key"] = c.apiKey;
    if (route.security.kind === "jwt") {
        const token = needsAdmin(route) ? c.adminToken : c.token;
        if (token !== undefined) headers.Authorization = `Bearer ${token}`;
    }
    if (route.security.kind === "iam" && c.iam !== undefined) {
        const url = new URL(base);
        const [pathname, search] = req.path.split("?");
        const signer = new SignatureV4({ credentials: { accessKeyId: c.iam.accessKeyId, secretAccessKey: c.iam.secretAccessKey }, region: c.iam.region, service: "execute-api", sha256: Sha256 });
        const signed = await signer.sign({
            method: req.method,
            protocol: url.protocol,
            hostname: url.hostname,
            port: url.port === "" ? undefined : Number(url.port),
            path: `${url.pathname.replace(/\/+$/, "")}${pathname}`,
            query: Object.fromEntries(new URLSearchParams(search ?? "")),
            headers: { ...headers, host: url.host },
            body: req.body,
        });
        const { host: _host, ...signedHeaders } = signed.headers;
        return { ...req, headers: signedHeaders };
    }
    return { ...req, headers };
}
