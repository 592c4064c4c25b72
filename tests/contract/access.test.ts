import { expect } from "chai";
import {
    arnMatches,
    evaluatePolicy,
    GROUP_SCOPES,
    GROUPS,
    JWT_ROUTES,
    methodResource,
    policyFor,
    Principal,
    ROUTES,
    routeAllows,
    SCOPES,
    stagePrefix,
} from "../../contract";

const PREFIX = "arn:aws:execute-api:eu-west-1:123456789012:abc123/live";
/** The ARN API Gateway evaluates for a concrete request to a route, with sample path parameters. */
const concrete = (method: string, path: string) => `${PREFIX}/${method}${path.replace(/\{[^}]+\}/g, "sample-id")}`;

/** Every subset of a list. */
function subsets<T>(items: readonly T[]): T[][] {
    return items.reduce<T[][]>((acc, item) => acc.concat(acc.map((s) => [...s, item])), [[]]);
}

describe("contract/access", () => {
    it("derives method resources with path parameters as wildcards", () => {
        const receipt = ROUTES.find((r) => r.operationId === "getOrderReceipt")!;
        expect(methodResource(receipt)).to.equal("GET/v1/orders/*/receipt");
    });

    it("takes the stage prefix from the method ARN the authorizer receives", () => {
        expect(stagePrefix(`${PREFIX}/GET/v1/products`)).to.equal(PREFIX);
        expect(() => stagePrefix("not-an-arn")).to.throw("Not an execute-api method ARN: not-an-arn");
    });

    it("matches IAM wildcards across slashes but not beyond the pattern", () => {
        expect(arnMatches(`${PREFIX}/GET/v1/orders/*`, `${PREFIX}/GET/v1/orders/42/receipt`)).to.equal(true);
        expect(arnMatches(`${PREFIX}/GET/v1/orders`, `${PREFIX}/GET/v1/orders/42`)).to.equal(false);
        expect(arnMatches(`${PREFIX}/GET/v1/product?`, `${PREFIX}/GET/v1/products`)).to.equal(true);
    });

    // The cached policy is reused for every method, so it must decide every route exactly as the contract does,
    // for every combination of scopes and groups, whichever method first triggered the authorizer.
    it("returns a policy that decides every guarded route exactly as the contract does, for every principal", () => {
        let checked = 0;
        for (const scopes of subsets(SCOPES)) {
            for (const groups of subsets(GROUPS)) {
                const principal: Principal = { scopes, groups };
                const policy = policyFor(principal, `${PREFIX}/GET/v1/products`);
                for (const route of JWT_ROUTES) {
                    const decision = evaluatePolicy(policy, concrete(route.method, route.path));
                    expect(decision === "allow", `${route.method} ${route.path} for ${JSON.stringify(principal)}`).to.equal(routeAllows(route, principal));
                    checked++;
                }
            }
        }
        expect(checked).to.equal(2 ** SCOPES.length * 2 ** GROUPS.length * JWT_ROUTES.length);
    });

    it("lets a customer order and read but never write the catalog or read reports", () => {
        const customer: Principal = { scopes: GROUP_SCOPES.customer, groups: ["customer"] };
        const allowed = JWT_ROUTES.filter((r) => routeAllows(r, customer)).map((r) => r.operationId);
        expect(allowed).to.deep.equal(["listProducts", "getProduct", "createOrder", "listOrders", "getOrder", "getOrderReceipt"]);
    });

    it("requires the admin group as well as the scope for admin routes", () => {
        const report = ROUTES.find((r) => r.operationId === "getSalesReport")!;
        expect(routeAllows(report, { scopes: ["reports.read"], groups: ["customer"] })).to.equal(false);
        expect(routeAllows(report, { scopes: ["reports.read"], groups: ["admin"] })).to.equal(true);
        expect(routeAllows(report, { scopes: [], groups: ["admin"] })).to.equal(false);
    });

    it("denies explicitly what it does not allow, so a Deny wins over any broader Allow", () => {
        const policy = policyFor({ scopes: ["catalog.read"], groups: [] }, `${PREFIX}/GET/v1/products`);
        expect(evaluatePolicy(policy, concrete("POST", "/v1/products"))).to.equal("explicitDeny");
        expect(evaluatePolicy(policy, concrete("GET", "/v1/products/{productId}"))).to.equal("allow");
        expect(evaluatePolicy(policy, `${PREFIX}/GET/v1/unknown`)).to.equal("implicitDeny");
    });

    it("never guards the public and IAM routes with the authorizer", () => {
        const kinds = ROUTES.filter((r) => !JWT_ROUTES.includes(r)).map((r) => `${r.method} ${r.path} ${r.security.kind}`);
        expect(kinds).to.deep.equal(["GET /health public", "POST /v1/internal/stock iam"]);
    });
});
