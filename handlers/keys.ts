import { ROUTE_FUNCTIONS } from "../contract/types";

/**
 * Every function the stack deploys, in the order logs and dashboards list them: the route functions of the
 * contract, then the three that serve no route. Kept apart from `handlers/index.ts` so that components which only
 * name the functions (log groups, alarms) do not load every handler's code.
 */
export const FUNCTION_KEYS = [...ROUTE_FUNCTIONS, "authorizer", "preTokenGeneration", "migrate"] as const;

/** One function of {@link FUNCTION_KEYS}. */
export type FunctionKey = (typeof FUNCTION_KEYS)[number];
