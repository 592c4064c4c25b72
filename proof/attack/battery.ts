import { randomUUID } from "crypto";
import { ROUTES } from "../../contract/routes";
import type { Parameter, Route } from "../../contract/types";
import { withCredentials, type Credentials } from "./credentials";
import { jsonOf, send, type Answer, type Sent } from "./http";
import { concretePath, routeOf, sampleRequest, type SampleIds } from "./routes";
import { algNone, forgedSignature, hs256WithPublicKey, tampered, withClaims, type Signer } from "./tokens";

/** Who attacks what, with which legitimate credentials to start from. */
export interface Target {
    url: string;
    creds: Credentials & {
        /** A second customer's access token (for another user's orders); minted when `signer` is given. */
        otherToken?: string;
        /** A token without the orders scopes (the service client's). */
        serviceToken?: string;
        /** An id token of the customer. */
        idToken?: string;
    };
    /** The pool's private key (local only): claim attacks are then properly signed. */
    signer?: Signer;
    /** Exhaust this key's quota (local, or explicitly asked for): at most `maxRequests` within `maxSeconds`. */
    quota?: { apiKey: string; maxRequests: number; maxSeconds: number };
}

/** One line of the table. */
export interface Outcome {
    attack: string;
    expected: string;
    actual: string;
    ok: boolean;
}

const SQLI = ["' OR '1'='1", "1; DROP TABLE orders; --", "\" OR \"\"=\""];
const XSS = ["<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>"];
const PAYLOADS = [...SQLI, ...XSS];
/** Refusals a hostile request may get; anything 2xx means it got through. */
const REFUSED = [400, 401, 403, 404, 405, 409, 412, 413, 415, 422, 431];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs every attack of issue 7 against `target` and returns one outcome per attack. An outcome is ok when the
 * status is one of the expected ones and its extra check (if any) holds; a 5xx is never ok.
 */
export async function runBattery(target: Target, progress: (o: Outcome) => void = () => undefined): Promise<Outcome[]> {
    const outcomes: Outcome[] = [];
    const { url, creds } = target;
    const record = (attack: string, expected: string, actual: string, ok: boolean) => {
        const o = { attack, expected, actual, ok };
        outcomes.push(o);
        progress(o);
    };
    /** Sends, waiting out throttling (429 Too Many Requests is the gateway protecting itself, not an answer). */
    const call = async (req: Sent, to = url): Promise<Answer> => {
        for (let attempt = 0; ; attempt++) {
            const a = await send(to, req, { timeoutMs: 30_000 });
            if (a.status !== 429 || /Limit Exceeded/.test(a.text) || attempt === 8) return a;
            await sleep(Math.min(4000, 250 * 2 ** attempt));
        }
    };
    const expect = async (attack: string, req: Sent, allowed: readonly number[], check?: (a: Answer) => string | undefined) => {
        const a = await call(req);
        const problem = a.status >= 500 || a.status === 0 ? `server error ${a.status}${a.error ? ` (${a.error})` : ""}` : !allowed.includes(a.status) ? "unexpected status" : check?.(a);
        record(attack, allowed.join("/"), `${a.status}${problem ? ` ${problem}` : ""}`, problem === undefined);
        return a;
    };
    const skip = (attack: string, why: string) => record(attack, "-", `skipped: ${why}`, true);

    const token = creds.token;
    if (token === undefined || creds.apiKey === undefined) throw new Error("the battery needs --token and --api-key (or a local endpoints file)");
    const key = creds.apiKey;
    /** Authorization and x-api-key headers; `null` leaves one out. */
    const auth = (t: string | null, apiKey: string | null = key): Record<string, string> => ({
        ...(t === null ? {} : { Authorization: `Bearer ${t}` }),
        ...(apiKey === null ? {} : { "x-api-key": apiKey }),
    });

    // Controls: without them every refusal below could just be a broken token or key.
    const listed = await call({ method: "GET", path: "/v1/products?limit=5", headers: auth(token) });
    const productId = (jsonOf(listed) as { items?: { productId: string }[] } | undefined)?.items?.[0]?.productId;
    record("control: customer lists products", "200", String(listed.status), listed.status === 200 && productId !== undefined);
    if (productId === undefined) return outcomes;
    const productPath = `/v1/products/${productId}`;
    await expect("control: customer gets a product", { method: "GET", path: productPath, headers: auth(token) }, [200]);
    const orderBody = JSON.stringify({ items: [{ productId, quantity: 1 }] });
    const myKey = `attack-${randomUUID()}`;
    const placed = await expect("control: customer places an order", { method: "POST", path: "/v1/orders", headers: { ...auth(token), "Content-Type": "application/json", "Idempotency-Key": myKey }, body: orderBody }, [201]);
    const orderId = (jsonOf(placed) as { orderId?: string } | undefined)?.orderId ?? "missing-order";

    // Tokens.
    const onProduct = (t: string) => ({ method: "GET", path: productPath, headers: auth(t) });
    const now = Math.floor(Date.now() / 1000);
    await expect("no token", { method: "GET", path: productPath, headers: auth(null) }, [401]);
    await expect("forged signature", onProduct(forgedSignature(token)), [401]);
    await expect("tampered claims (admin group added), original signature", onProduct(tampered(token, { "cognito:groups": ["admin"] })), [401]);
    await expect("alg none", onProduct(algNone(token)), [401]);
    await expect("HS256 signed with the pool's public key", onProduct(await hs256WithPublicKey(token, async (u) => JSON.parse((await send(new URL(u).origin, { method: "GET", path: new URL(u).pathname })).text))), [401]);
    await expect("unknown kid", onProduct(tampered(token, {}, { kid: "attacker-key" })), [401]);
    const claimAttacks: [string, Record<string, unknown>][] = [
        ["expired token", { iat: now - 7200, exp: now - 3600 }],
        ["not-yet-valid token (nbf in 1 h)", { nbf: now + 3600 }],
        ["wrong issuer", { iss: "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Attacker1" }],
        ["wrong client", { client_id: "attackerclient0000000000001" }],
        ["token_use id in an access token", { token_use: "id" }],
    ];
    for (const [name, claims] of claimAttacks) {
        const forged = await withClaims(token, claims, target.signer);
        await expect(`${name}${forged.signed ? " (signed by the pool key)" : " (derived, original signature)"}`, onProduct(forged.token), [401]);
    }
    if (creds.idToken !== undefined) await expect("id token as bearer", onProduct(creds.idToken), [401]);
    else skip("id token as bearer", "no --id-token");
    await expect("oversized token (12 KiB)", onProduct(`${token.split(".").slice(0, 2).join(".")}.${"A".repeat(12 * 1024)}`), REFUSED);
    await expect("oversized headers (40 x 1 KiB)", { method: "GET", path: productPath, headers: { ...auth(token), ...Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`x-pad-${i}`, "p".repeat(1024)])) } }, [200, ...REFUSED]);
    await expect("one 64 KiB header", { method: "GET", path: productPath, headers: { ...auth(token), "x-pad": "p".repeat(64 * 1024) } }, REFUSED);

    // Scopes and groups.
    const serviceToken = creds.serviceToken ?? (target.signer ? (await withClaims(token, { scope: "portcullis/catalog.read", "cognito:groups": undefined }, target.signer)).token : undefined);
    if (serviceToken !== undefined) await expect("missing scope (catalog.read only) lists orders", { method: "GET", path: "/v1/orders", headers: auth(serviceToken) }, [403]);
    else skip("missing scope", "no --service-token");
    await expect("wrong group: customer creates a product", { method: "POST", path: "/v1/products", headers: { ...auth(token), "Content-Type": "application/json" }, body: sampleRequest(routeOf("createProduct"), ids(productId, orderId)).body }, [403]);
    await expect("wrong group: customer reads the sales report", { method: "GET", path: "/v1/reports/sales?from=2020-01-01&to=2020-01-31", headers: auth(token) }, [403]);
    await expect("wrong group: customer deletes a product", { method: "DELETE", path: productPath, headers: auth(token) }, [403]);

    // API keys and quota.
    await expect("missing API key", { method: "GET", path: productPath, headers: auth(token, null) }, [403]);
    await expect("unknown API key", { method: "GET", path: productPath, headers: auth(token, "attacker-key-000000000000000000000000000") }, [403]);
    await expect("API key in the query string", { method: "GET", path: `${productPath}?api_key=${key}&x-api-key=${key}`, headers: auth(token, null) }, [403]);
    if (target.quota !== undefined) await exhaustQuota(target.quota, token, productPath, call, record);
    else skip("quota exhaustion", "not local and no --quota");

    // Bodies.
    const post = (headers: Record<string, string>, body: string | Buffer): Sent => ({ method: "POST", path: "/v1/orders", headers: { ...auth(token), "Idempotency-Key": randomUUID(), ...headers }, body });
    await expect("body over 10 MiB", post({ "Content-Type": "application/json" }, Buffer.alloc(10 * 1024 * 1024 + 1, 0x20)), [403, 413]);
    await expect("20 KiB JSON body (over the WAF's 16 KiB)", post({ "Content-Type": "application/json" }, JSON.stringify({ items: [{ productId, quantity: 1 }], pad: "x".repeat(20 * 1024) })), [400, 403, 413]);
    await expect("malformed JSON", post({ "Content-Type": "application/json" }, '{"items": [{"productId": '), [400]);
    await expect("deeply nested JSON", post({ "Content-Type": "application/json" }, `${"[".repeat(5000)}${"]".repeat(5000)}`), [400]);
    await expect("__proto__ in the body", post({ "Content-Type": "application/json" }, `{"items":[{"productId":"${productId}","quantity":1}],"__proto__":{"isAdmin":true}}`), [400]);
    await expect("text/plain body", post({ "Content-Type": "text/plain" }, orderBody), [400, 415]);
    await expect("XML body", post({ "Content-Type": "application/xml" }, `<order><productId>${productId}</productId></order>`), [400, 415]);
    await expect("form body", post({ "Content-Type": "application/x-www-form-urlencoded" }, `productId=${productId}&quantity=1`), [400, 415]);

    // Injection in every parameter of every route.
    for (const route of ROUTES) await injectRoute(route, ids(productId, orderId), target, call, record);

    // Paths and methods.
    // A dot segment may be resolved before routing (as URL parsers and CloudFront do), but then the resolved route's
    // own authorization applies: the customer must not reach the admin-only report, nor anyone without a token.
    const report = "reports/sales?from=2020-01-01&to=2020-01-31";
    await expect("path traversal /health/../v1/orders (no token)", { method: "GET", path: "/health/../v1/orders", headers: auth(null) }, [400, 401, 403, 404]);
    for (const path of [`/v1/products/../${report}`, `/health/../v1/${report}`, `/v1/orders/%2e%2e/${report}`, `/v1/orders/..%2F${report}`, "/v1/products/..%2F..%2F..%2Fetc%2Fpasswd", "/v1/products/%00", "/v1//orders", "/V1/ORDERS"]) {
        await expect(`path traversal ${path.split("?")[0]} (customer)`, { method: "GET", path, headers: auth(token) }, [400, 403, 404]);
    }
    const victimToken = creds.adminToken ?? token;
    for (const header of ["X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override"]) {
        await expect(`${header}: DELETE on a GET`, { method: "GET", path: productPath, headers: { ...auth(victimToken), [header]: "DELETE" } }, [200], (a) =>
            (jsonOf(a) as { productId?: string } | undefined)?.productId === productId ? undefined : "did not answer as a GET",
        );
    }
    await expect("product still there after the override attempts", { method: "GET", path: productPath, headers: auth(token) }, [200]);
    await expect("_method=DELETE in the query", { method: "POST", path: `${productPath}?_method=DELETE`, headers: auth(victimToken) }, [403, 404, 405]);
    await expect("TRACE", { method: "TRACE", path: productPath, headers: auth(token) }, [400, 403, 404, 405]);

    // CORS.
    for (const origin of ["https://evil.example.com", "null", "http://localhost:5173.evil.example.com"]) {
        const noGrant = (a: Answer) => {
            const allowed = a.headers["access-control-allow-origin"];
            return allowed === origin || allowed === "*" ? `granted Access-Control-Allow-Origin: ${allowed}` : undefined;
        };
        await expect(`CORS preflight from ${origin}`, { method: "OPTIONS", path: "/v1/orders", headers: { Origin: origin, "Access-Control-Request-Method": "POST" } }, [200, 204, 403, 404], noGrant);
        await expect(`CORS GET from ${origin}`, { method: "GET", path: productPath, headers: { ...auth(token), Origin: origin } }, [200, 403], noGrant);
    }

    // Another user's orders.
    const other = creds.otherToken ?? (target.signer ? (await withClaims(token, { sub: randomUUID(), username: "attack-other-customer" }, target.signer)).token : undefined);
    if (other === undefined) skip("another user's order ids", "no --other-token");
    else {
        await expect("another customer gets my order", { method: "GET", path: `/v1/orders/${orderId}`, headers: auth(other) }, [404]);
        await expect("another customer gets my receipt", { method: "GET", path: `/v1/orders/${orderId}/receipt`, headers: auth(other) }, [404]);
        await expect("another customer lists orders", { method: "GET", path: "/v1/orders?limit=100", headers: auth(other) }, [200], (a) => (a.text.includes(orderId) ? "listed my order" : undefined));
        await expect("another customer replays my Idempotency-Key", { method: "POST", path: "/v1/orders", headers: { ...auth(other), "Content-Type": "application/json", "Idempotency-Key": myKey }, body: orderBody }, [200, 201], (a) =>
            (jsonOf(a) as { orderId?: string } | undefined)?.orderId === orderId ? "returned my order" : undefined,
        );
    }
    return outcomes;
}

const ids = (productId: string, orderId: string): SampleIds => ({ productId, orderId, idempotencyKey: randomUUID() });

type Call = (req: Sent, to?: string) => Promise<Answer>;
type Record_ = (attack: string, expected: string, actual: string, ok: boolean) => void;

/** Spends a key's quota at its rate until the gateway answers Limit Exceeded, then checks it stays refused. */
async function exhaustQuota(quota: NonNullable<Target["quota"]>, token: string, path: string, call: Call, record: Record_): Promise<void> {
    const deadline = Date.now() + quota.maxSeconds * 1000;
    let accepted = 0;
    for (let i = 0; i < quota.maxRequests && Date.now() < deadline; i++) {
        const a = await call({ method: "GET", path, headers: { Authorization: `Bearer ${token}`, "x-api-key": quota.apiKey } });
        if (a.status >= 500) return record("quota exhaustion", "429 Limit Exceeded", `${a.status} server error`, false);
        if (a.status === 429 && /Limit Exceeded/.test(a.text)) {
            const again = await call({ method: "GET", path, headers: { Authorization: `Bearer ${token}`, "x-api-key": quota.apiKey } });
            return record(`quota exhaustion (after ${accepted} accepted)`, "429 Limit Exceeded, twice", `429, then ${again.status}`, again.status === 429);
        }
        if (a.status === 200) accepted++;
    }
    record("quota exhaustion", "429 Limit Exceeded", `not reached after ${accepted} accepted`, false);
}

/** Whether any value of `p` is accepted (no pattern, enum or format), so a payload in it may legitimately succeed. */
const freeText = (schema: { pattern?: string; enum?: unknown; format?: string; type?: string } | undefined): boolean =>
    schema !== undefined && schema.type === "string" && schema.pattern === undefined && schema.enum === undefined && schema.format === undefined;

/**
 * Puts each payload into each path, query and header parameter of `route`, and into each string field of its
 * sample body. A constrained parameter must refuse it; a free-text one may accept it, but then only as JSON that
 * a browser will not sniff. Either way: never a 5xx.
 */
async function injectRoute(route: Route, sample: SampleIds, target: Target, call: Call, record: Record_): Promise<void> {
    const base = sampleRequest(route, sample);
    const attempt = async (where: string, req: Sent, free: boolean, payload: string) => {
        // SigV4 routes are signed for and sent to the stage's own endpoint, as AWS-side callers must.
        const to = route.security.kind === "iam" ? target.creds.iam?.baseUrl ?? target.url : target.url;
        const signed = await withCredentials(to, route, req, target.creds);
        const a = await call(signed, to);
        const allowed = free ? [200, 201, ...REFUSED] : REFUSED;
        const reflected = a.text.includes(payload) && !(String(a.headers["content-type"]).startsWith("application/json") && a.headers["x-content-type-options"] === "nosniff");
        const problem = a.status >= 500 || a.status === 0 ? "server error" : !allowed.includes(a.status) ? "got through" : reflected ? "reflected outside JSON" : undefined;
        record(`${route.operationId}: ${payload.slice(0, 14)}… in ${where}`, free ? "2xx/4xx, JSON" : "4xx", `${a.status}${problem ? ` ${problem}` : ""}`, problem === undefined);
    };
    for (const payload of PAYLOADS) {
        for (const p of route.parameters as readonly Parameter[]) {
            const free = freeText(p.schema as never);
            if (p.in === "path") {
                const path = concretePath(route, sample).replace(encodeURIComponent(p.name === "productId" ? sample.productId : sample.orderId), encodeURIComponent(payload));
                await attempt(`path ${p.name}`, { ...base, path: path + (base.path.includes("?") ? base.path.slice(base.path.indexOf("?")) : "") }, free, payload);
            } else if (p.in === "query") {
                const [pathname, search] = base.path.split("?");
                const q = new URLSearchParams(search ?? "");
                q.set(p.name, payload);
                await attempt(`query ${p.name}`, { ...base, path: `${pathname}?${q.toString()}` }, free, payload);
            } else {
                await attempt(`header ${p.name}`, { ...base, headers: { ...base.headers, [p.name]: payload } }, free, payload);
            }
        }
        if (base.body !== undefined) {
            for (const field of stringFields(JSON.parse(base.body as string))) {
                const body = JSON.parse(base.body as string) as unknown;
                field.set(body, payload);
                const free = field.name === "name" || field.name === "description";
                await attempt(`body ${field.name}`, { ...base, headers: { ...base.headers, ...(route.operationId === "createOrder" ? { "Idempotency-Key": randomUUID() } : {}) }, body: JSON.stringify(body) }, free, payload);
            }
        }
    }
}

/** Setters for every string value in a JSON document, with the name of the field holding it. */
function stringFields(doc: unknown, path: (string | number)[] = []): { name: string; set(root: unknown, v: string): void }[] {
    if (typeof doc === "string") {
        return [{ name: String(path[path.length - 1]), set: (root, v) => { let o = root as Record<string | number, unknown>; for (const k of path.slice(0, -1)) o = o[k] as Record<string | number, unknown>; o[path[path.length - 1]] = v; } }];
    }
    if (typeof doc !== "object" || doc === null) return [];
    return Object.entries(doc).flatMap(([k, v]) => stringFields(v, [...path, Array.isArray(doc) ? Number(k) : k]));
}
