import { apiHandler, ApiHandler } from "./lib/api";
import { database } from "./lib/clients";
import { commonSettings } from "./lib/env";
import { BadRequestError } from "./lib/errors";
import { OrderStore } from "./lib/orders";
import { parseDay } from "./lib/validate";
import { API_ERRORS, DATABASE_ENV, defineManifest, READ_DATABASE } from "./manifest";

/** Longest period one report may cover, in days (inclusive), to bound the aggregate's cost. */
export const MAX_REPORT_DAYS = 366;

/**
 * `GET /v1/reports/sales?from=YYYY-MM-DD&to=YYYY-MM-DD`: quantity and revenue per UTC day and product, both days
 * included. Admins only.
 *
 * Environment and permissions: {@link manifest}.
 */
export function createHandler(): ApiHandler {
    const orders = new OrderStore(database());
    return apiHandler(
        "salesReport",
        {
            getSalesReport: async (req) => {
                const [fromText, toText] = [req.query("from"), req.query("to")];
                const [from, to] = [parseDay(fromText), parseDay(toText)];
                if (from === undefined || to === undefined) throw new BadRequestError("from and to must be calendar days from 1970-01-01 to 9999-12-31, YYYY-MM-DD.", "InvalidDate");
                if (from > to) throw new BadRequestError("from must not be after to.", "InvalidDateRange");
                if ((to.getTime() - from.getTime()) / 86_400_000 + 1 > MAX_REPORT_DAYS) {
                    throw new BadRequestError(`A report covers at most ${MAX_REPORT_DAYS} days.`, "InvalidDateRange");
                }
                const rows = await orders.sales(fromText as string, toText as string);
                return { status: 200, body: { from: fromText, to: toText, rows } };
            },
        },
        commonSettings("salesReport"),
    );
}

/** What salesReport needs (checked against the code above by tests/handlers/manifests.test.ts). Reads the orders database only. */
export const manifest = defineManifest({
    env: [...DATABASE_ENV],
    grants: READ_DATABASE,
    errors: [...API_ERRORS, "InvalidDate", "InvalidDateRange"],
});
