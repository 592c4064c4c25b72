/** The offline policy engine's public API. */
export { EvaluateOptions, RuleCounts, countRules, evaluatePolicies, isBlocking } from "./engine";
export { SEVERITY_ORDER, formatCoverage, formatViolations } from "./format";
export { OfflineResource, PolicyPackConfig, Violation } from "./types";
