import type { OrderInput, ProductInput } from "../sdk/src";

/** Demo catalog for a fresh start. */
export const DEMO_PRODUCTS: readonly ProductInput[] = [
    { name: "Desk lamp", description: "Warm light, brass finish.", priceCents: 4900, currency: "EUR", stock: 25 },
    { name: "Enamel mug", description: "Camp-proof.", priceCents: 1200, currency: "EUR", stock: 120 },
    { name: "Oak chair", description: "Solid oak, oiled.", priceCents: 18900, currency: "EUR", stock: 6 },
];

/** What the API holds after seeding: the ids the how-to's commands use. */
export interface DemoData {
    productIds: string[];
    /** An order of the demo customer (the newest). */
    orderId: string;
}

/** How the seeder reaches the API: the base URL, one API key and the two demo users' access tokens. */
export interface SeedAccess {
    apiUrl: string;
    apiKey: string;
    adminToken: string;
    customerToken: string;
}

/**
 * Seeds demo products (as the admin) into an empty catalog and two demo orders (as the customer) when the customer
 * has none, through the public API: the gateway's validators and the handlers check them like any client's, and
 * stock, receipts and order rows are written the one way they ever are. Persisted data is left as the user left it.
 */
export async function seedDemoData(access: SeedAccess): Promise<DemoData> {
    const call = async <T>(method: string, path: string, token: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> => {
        const response = await fetch(`${access.apiUrl}${path}`, {
            method,
            headers: { Authorization: `Bearer ${token}`, "x-api-key": access.apiKey, "Content-Type": "application/json", ...headers },
            body: body === undefined ? undefined : JSON.stringify(body),
        });
        const text = await response.text();
        if (!response.ok) throw new Error(`Seeding: ${method} ${path} answered ${response.status} ${text}`);
        return JSON.parse(text) as T;
    };
    const listProducts = () => call<{ items: { productId: string }[] }>("GET", "/v1/products?limit=100", access.customerToken);
    let products = (await listProducts()).items;
    if (products.length === 0) {
        // At once: each product is its own item, and the catalog lists them in its own order anyway.
        await Promise.all(DEMO_PRODUCTS.map((product) => call("POST", "/v1/products", access.adminToken, product)));
        products = (await listProducts()).items;
    }
    const listOrders = () => call<{ items: { orderId: string }[] }>("GET", "/v1/orders?limit=1", access.customerToken);
    let orders = (await listOrders()).items;
    if (orders.length === 0 && products.length > 0) {
        const demoOrders: OrderInput[] = [{ items: [{ productId: products[0].productId, quantity: 1 }] }, { items: products.slice(0, 2).map((p) => ({ productId: p.productId, quantity: 2 })) }];
        for (const [i, order] of demoOrders.entries()) await call("POST", "/v1/orders", access.customerToken, order, { "Idempotency-Key": `demo-order-${i + 1}` });
        orders = (await listOrders()).items;
    }
    return { productIds: products.map((p) => p.productId), orderId: orders[0]?.orderId ?? "" };
}
