/**
 * Breaking changes accepted without a new major version, reviewed like code: the way oasdiff's ignore file and
 * Buf's breaking-change exceptions work. Each entry names the release it is measured against and the exact sentence
 * `portal/breakingChanges` reports, so it accepts that change and nothing else; the check fails on an entry that no
 * longer matches a change (`scripts/breaking-changes.ts`, `tests/portal/breakingChanges.test.ts`), so the list
 * empties itself at the next release instead of rotting.
 */
export interface AcceptedBreak {
    /** The released version the change is measured against (its snapshot in `portal/releases/`). */
    against: string;
    /** The exact sentence `findBreakingChanges` reports for the change. */
    change: string;
    /** Why no client that used the API as documented breaks. */
    reason: string;
}

/** Issue 12: the text fields' control characters, as refused by the handlers since, now in the contract. */
const CONTROL_CHARACTERS =
    "Issue 12: a control character or lone surrogate in a product's name or description was stored and then broke " +
    "every order for the product (PostgreSQL refuses NUL; the receipt was orphaned). The handlers refuse these values " +
    "with 400 ValidationError since issue 12; the pattern makes API Gateway's validator refuse exactly the same values " +
    "first (400 Invalid request body), and tells the portal and the SDK. No value the handlers accept is refused.";
/** Issue 12: the report's day range, as refused by the handler since, now in the contract. */
const DAY_RANGE =
    "Issue 12: a year before 1970 has no orders, and year 0000 answered 500 (PostgreSQL has no year zero). The handler " +
    "refuses days outside 1970-01-01..9999-12-31 with 400 InvalidDate since issue 12; API Gateway does not validate query " +
    "parameters beyond presence, so the pattern only documents that range in the portal and the SDK.";

/** The accepted breaks against the last release; empty again once the next release is recorded. */
export const ACCEPTED_BREAKS: readonly AcceptedBreak[] = [
    {
        against: "1.0.0",
        change: "POST /v1/products request body.name: pattern changed from none to /^(?:[^\\u0000-\\u001f\\u007f-\\u009f\\ud800-\\udfff]|[\\ud800-\\udbff][\\udc00-\\udfff])*(?![\\s\\S])/.",
        reason: CONTROL_CHARACTERS,
    },
    {
        against: "1.0.0",
        change: "POST /v1/products request body.description: pattern changed from none to /^(?:[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\ud800-\\udfff]|[\\ud800-\\udbff][\\udc00-\\udfff])*(?![\\s\\S])/.",
        reason: CONTROL_CHARACTERS,
    },
    {
        against: "1.0.0",
        change: "PUT /v1/products/{productId} request body.name: pattern changed from none to /^(?:[^\\u0000-\\u001f\\u007f-\\u009f\\ud800-\\udfff]|[\\ud800-\\udbff][\\udc00-\\udfff])*(?![\\s\\S])/.",
        reason: CONTROL_CHARACTERS,
    },
    {
        against: "1.0.0",
        change: "PUT /v1/products/{productId} request body.description: pattern changed from none to /^(?:[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\ud800-\\udfff]|[\\ud800-\\udbff][\\udc00-\\udfff])*(?![\\s\\S])/.",
        reason: CONTROL_CHARACTERS,
    },
    {
        against: "1.0.0",
        change: "GET /v1/reports/sales query parameter from: pattern changed from /^\\d{4}-\\d{2}-\\d{2}$/ to /^(19[7-9][0-9]|[2-9][0-9]{3})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/.",
        reason: DAY_RANGE,
    },
    {
        against: "1.0.0",
        change: "GET /v1/reports/sales query parameter to: pattern changed from /^\\d{4}-\\d{2}-\\d{2}$/ to /^(19[7-9][0-9]|[2-9][0-9]{3})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/.",
        reason: DAY_RANGE,
    },
];
