import { generateKeyPairSync, randomBytes } from "crypto";
import { DeleteItemCommand, PutItemCommand, ScanCommand } from "@aws-sdk/client-dynamodb";
import fc from "fast-check";
import { ROUTE_FUNCTIONS, ROUTES, type RouteFunction } from "../../contract";
import { CATALOG_KEYS } from "../../handlers/lib/catalogTable";
import { toItem, type Product } from "../../handlers/lib/products";
import type { Route } from "../../contract/types";
import { loadFunctionPackage } from "../../harness/packages";
import { cursorArbitrary, requestArbitrary, type FuzzRequest } from "../../proof/attack/fuzz/arbitraries";
import { brokenInvariants, customerIdsIn } from "../../proof/attack/fuzz/invariants";
import { ADMIN, ALICE, BOB, CLUSTER_ARN, dynamoClient, guessableCursorKey, seedProducts, SIGNING_SECRET_ARN, startStores, TABLE, testDb, type ProxyHandler, type Stores, type TestCaller } from "../handlers/support";

/**
 * The route functions as packaged, against the stand-ins, driven by the contract's generators: what `npm test`
 * (fixed seed, few runs) and `npm run fuzz` (many runs) both run. The requests reach the handlers as API Gateway
 * would pass them if its validators were not there, so the handlers' own checks are what is fuzzed.
 */
export interface HandlerTarget {
    /** Checks one request against every invariant; throws an Error describing what broke. */
    check(route: Route, request: FuzzRequest, caller: TestCaller | undefined): Promise<void>;
    /** The generator of (request, caller) pairs for a route. */
    arbitrary(route: Route): fc.Arbitrary<[FuzzRequest, TestCaller | undefined]>;
    stop(): Promise<void>;
}

/** The test callers a route admits: the admin for admin-only routes, every user for the others, nobody for IAM. */
function admitted(route: Route): (TestCaller | undefined)[] {
    if (route.security.kind === "iam") return [undefined];
    if (route.security.kind === "jwt" && route.security.groups?.includes("admin")) return [ADMIN];
    return [ALICE, BOB, ADMIN];
}

/** Routes that write: a refused request to one of them must leave the stores as they were. */
const WRITES = new Set(["POST", "PUT", "DELETE"]);

/** Starts the stand-ins, loads every route function, seeds products and orders, and collects real cursors. */
export async function startHandlerTarget(): Promise<HandlerTarget> {
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const stores: Stores = await startStores({ dynamo: true, s3: true, postgres: true, secrets: { [SIGNING_SECRET_ARN]: privateKey.export({ type: "pkcs1", format: "pem" }) as string } });
    try {
        const env = { ...stores.env, SIGNING_KEY_SECRET_ARN: SIGNING_SECRET_ARN, SIGNING_KEY_PAIR_ID: "K2JCJMDEHXQW5F", RECEIPTS_BASE_URL: "https://d123.cloudfront.net/" };
        await (await loadFunctionPackage("migrate", env))({});
        const handlers = {} as Record<RouteFunction, ProxyHandler>;
        for (const fn of ROUTE_FUNCTIONS) handlers[fn] = await loadFunctionPackage<ProxyHandler>(fn, env);
        const products = await seedProducts(stores, Array.from({ length: 5 }, (_, i) => ({ productId: `p${i}`, name: `Product ${i}`, priceCents: 100 + i, stock: 1_000_000 })));
        const ids = products.map((p) => p.productId);
        const send = async (route: Route, req: FuzzRequest, caller: TestCaller | undefined) => {
            const result = await handlers[route.function]({
                resource: route.path,
                path: route.path.replace(/\{(\w+)\}/g, (_, n: string) => req.pathParameters[n] ?? ""),
                httpMethod: route.method,
                headers: { ...(req.body === undefined ? {} : { "Content-Type": req.body.contentType }), ...req.headers },
                multiValueHeaders: {},
                queryStringParameters: Object.keys(req.query).length === 0 ? null : req.query,
                multiValueQueryStringParameters: null,
                pathParameters: Object.keys(req.pathParameters).length === 0 ? null : req.pathParameters,
                stageVariables: null,
                body: req.body === undefined ? null : req.body.raw ? String(req.body.value) : JSON.stringify(req.body.value) ?? "null",
                isBase64Encoded: false,
                requestContext: {
                    requestId: `fuzz-${randomBytes(6).toString("hex")}`,
                    authorizer: caller === undefined ? null : { principalId: caller.principal, principal: caller.principal, clientId: "client-1", groups: (caller.groups ?? []).join(","), scopes: (caller.scopes ?? []).join(" ") },
                } as never,
            });
            return { status: result.statusCode, text: result.body };
        };
        // Orders of each customer, so listings have pages and cursors exist.
        const orderIds: string[] = [];
        const create = ROUTES.find((r) => r.operationId === "createOrder") as Route;
        for (const caller of [ALICE, ALICE, ALICE, BOB, BOB]) {
            const res = await send(create, { pathParameters: {}, query: {}, headers: { "Idempotency-Key": `seed-${randomBytes(8).toString("hex")}` }, body: { value: { items: [{ productId: ids[0], quantity: 1 }] }, raw: false, contentType: "application/json" } }, caller);
            orderIds.push(JSON.parse(res.text).orderId as string);
        }
        const cursors: string[] = [];
        for (const [operationId, caller] of [["listProducts", ALICE], ["listOrders", ALICE], ["listOrders", BOB], ["listOrders", ADMIN]] as const) {
            const res = await send(ROUTES.find((r) => r.operationId === operationId) as Route, { pathParameters: {}, query: { limit: "1" }, headers: {} }, caller);
            cursors.push(JSON.parse(res.text).nextCursor as string);
        }
        // Keys a forger would try: the pre-issue-12 derivations from the names, and plain guesses.
        const guessed = [guessableCursorKey([TABLE, "products"]), guessableCursorKey([CLUSTER_ARN, "postgres", "orders"]), TABLE, CLUSTER_ARN, "secret", "k".repeat(64)];
        const ctx = { ids: [...ids, ...orderIds], cursors: cursorArbitrary(cursors, guessed) };

        const fingerprint = async () => {
            const items = await dynamoClient(stores).send(new ScanCommand({ TableName: TABLE }));
            const rows = await testDb(stores).query("SELECT o.order_id, o.customer_id, o.total_cents, count(l.*) AS lines FROM orders o LEFT JOIN order_lines l USING (order_id) GROUP BY 1, 2, 3 ORDER BY 1");
            const products = (items.Items ?? []).map((i) => JSON.stringify(i)).sort();
            return JSON.stringify({ products, rows });
        };

        // Accepted writes are undone, so the stores stay the seeded size: the fingerprint (a scan) then costs the same
        // at run 10,000 as at run 1, and the seeded ids stay valid for later runs.
        const restore = async (route: Route, text: string) => {
            if (route.operationId === "createProduct") {
                const item = toItem(JSON.parse(text) as Product);
                const Key = { [CATALOG_KEYS.partition]: item[CATALOG_KEYS.partition], [CATALOG_KEYS.sort]: item[CATALOG_KEYS.sort] };
                await dynamoClient(stores).send(new DeleteItemCommand({ TableName: TABLE, Key }));
            } else if (route.operationId === "createOrder") {
                const orderId = JSON.parse(text).orderId as string;
                if (!orderIds.includes(orderId)) {
                    await testDb(stores).query("DELETE FROM order_lines WHERE order_id = :orderId", { orderId });
                    await testDb(stores).query("DELETE FROM orders WHERE order_id = :orderId", { orderId });
                }
            } else if (route.operationId === "deleteProduct" || route.operationId === "updateProduct") {
                for (const p of products) await dynamoClient(stores).send(new PutItemCommand({ TableName: TABLE, Item: toItem(p) }));
            }
        };

        return {
            // Mostly a caller the route admits (so requests get past the 403), sometimes any.
            arbitrary: (route) => fc.tuple(requestArbitrary(route, ctx), fc.oneof(
                { weight: 3, arbitrary: fc.constantFrom<TestCaller | undefined>(...admitted(route)) },
                { weight: 1, arbitrary: fc.constantFrom<TestCaller | undefined>(ALICE, BOB, ADMIN, undefined) },
            )),
            async check(route, req, caller) {
                const writes = WRITES.has(route.method);
                const before = writes ? await fingerprint() : undefined;
                const answer = await send(route, req, caller);
                const broken = brokenInvariants(answer);
                if (writes && answer.status >= 400 && (await fingerprint()) !== before) broken.push(`refused with ${answer.status} but changed stored data`);
                if (answer.status < 300 && caller !== undefined && caller !== ADMIN) {
                    const others = customerIdsIn(JSON.parse(answer.text || "null")).filter((id) => id !== caller.principal);
                    if (others.length > 0) broken.push(`${caller.principal} was shown data of ${others.join(", ")}`);
                }
                if (broken.length > 0) throw new Error(`${route.operationId}: ${broken.join("; ")}`);
                if (answer.status < 300) await restore(route, answer.text);
            },
            stop: () => stores.stop(),
        };
    } catch (err) {
        await stores.stop();
        throw err;
    }
}

/** Runs `numRuns` generated requests against one route; fast-check shrinks a failure to its smallest case. */
export function routeProperty(target: HandlerTarget, route: Route) {
    return fc.asyncProperty(target.arbitrary(route), async ([req, caller]) => target.check(route, req, caller));
}
