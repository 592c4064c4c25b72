import { ALL_CASES } from "./cases";
import { describeRules } from "./harness";

for (const [service, cases] of Object.entries(ALL_CASES)) {
    describeRules(`${service} rules`, cases);
}
