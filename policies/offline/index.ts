/** The offline policy engine's public API. */
export { EvaluateOptions, evaluatePolicies, isBlocking } from "./engine";
export { SEVERITY_ORDER, formatViolations } from "./format";
export { OfflineResource, PolicyPackConfig, Violation } from "./types";
