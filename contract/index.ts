/** The API contract: one typed description of every route, from which everything else is derived. */
export * from "./types";
export * from "./schemas";
export * from "./routes";
export * from "./access";
export * from "./responses";
export * from "./openapi";
