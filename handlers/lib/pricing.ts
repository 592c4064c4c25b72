import { ConflictError, UnprocessableError } from "./errors";
import type { OrderLine } from "./orders";
import type { Product } from "./products";

/** An order request's item. */
export interface OrderItem {
    productId: string;
    quantity: number;
}

/** A priced order: one currency, its lines and its total. */
export interface PricedOrder {
    currency: string;
    lines: OrderLine[];
    totalCents: number;
    /** Quantity per product, for the stock reservation (a product may appear on several lines). */
    quantities: Map<string, number>;
}

/** Largest order total the contract allows (`MONEY_CENTS`). */
const MAX_TOTAL_CENTS = 100_000_000;

/**
 * Prices an order at catalog prices: 422 `UnknownProduct` for a product that does not exist, 422 `MixedCurrency`
 * when products are priced in different currencies (an order has one), 409 `OutOfStock` when the catalog already
 * shows too little stock (the reservation re-checks atomically).
 */
export function priceOrder(items: readonly OrderItem[], catalog: ReadonlyMap<string, Product>): PricedOrder {
    const missing = items.filter((i) => !catalog.has(i.productId)).map((i) => i.productId);
    if (missing.length > 0) throw new UnprocessableError(`Unknown product(s): ${[...new Set(missing)].join(", ")}.`, "UnknownProduct");
    const quantities = new Map<string, number>();
    for (const i of items) quantities.set(i.productId, (quantities.get(i.productId) ?? 0) + i.quantity);
    const lines = items.map((i): OrderLine => {
        const p = catalog.get(i.productId) as Product;
        return { productId: p.productId, name: p.name, quantity: i.quantity, unitPriceCents: p.priceCents, lineTotalCents: p.priceCents * i.quantity };
    });
    const currencies = new Set(lines.map((l) => (catalog.get(l.productId) as Product).currency));
    if (currencies.size > 1) throw new UnprocessableError("All products of an order must share one currency.", "MixedCurrency");
    const short = [...quantities].filter(([id, q]) => (catalog.get(id) as Product).stock < q).map(([id]) => id);
    if (short.length > 0) throw new ConflictError(`Not enough stock for: ${short.join(", ")}.`, "OutOfStock");
    const totalCents = lines.reduce((sum, l) => sum + l.lineTotalCents, 0);
    if (totalCents > MAX_TOTAL_CENTS) throw new UnprocessableError("The order total exceeds the largest amount allowed.", "TotalTooLarge");
    return { currency: [...currencies][0], lines, totalCents, quantities };
}
