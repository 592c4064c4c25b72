/**
 * The corpus: small Pulumi programs in the style of public examples, written for the policy tests, each a real
 * project folder (`programs/<name>`: Pulumi.yaml, index.ts, one stack file). They are evaluated under the same
 * mocks as our own stacks and run through the offline engine with no policy config: no Portcullis opt-in.
 */
import * as path from "path";
import { evaluatePolicies, OfflineResource, Violation } from "../../../policies/offline";
import { toOfflineResources } from "../../../policies/offline/stack";
import { evaluateStack } from "../../../local/program/evaluate";

/** One corpus program: its folder name and the stack its stack file is for. */
export interface CorpusProgram {
    name: string;
    stack: string;
}

/** The programs, in the order the issue names them. */
export const PROGRAMS: readonly CorpusProgram[] = [
    { name: "static-site", stack: "dev" },
    { name: "rest-api", stack: "dev" },
    { name: "http-api", stack: "dev" },
    { name: "fargate-rds", stack: "prod" },
    { name: "step-functions", stack: "dev" },
    { name: "assorted", stack: "dev" },
];

/** The folder of a corpus program. */
export const programRoot = (name: string) => path.join(__dirname, "programs", name);

/** The program's resources, as the offline engine takes them. */
export async function corpusResources(program: CorpusProgram): Promise<OfflineResource[]> {
    const evaluated = await evaluateStack(program.stack, {}, { root: programRoot(program.name), project: `corpus-${program.name}` });
    return toOfflineResources(evaluated.resources);
}

/** The program's violations under our pack, without policy config. */
export async function corpusViolations(program: CorpusProgram): Promise<Violation[]> {
    return evaluatePolicies(await corpusResources(program), { stack: program.stack, project: `corpus-${program.name}` });
}

/** A violation as the corpus test compares it: `<rule id> <resource name>`, sorted. */
export function summarize(violations: Violation[]): string[] {
    return violations.map((v) => `${v.policyName} ${v.resourceName ?? "(stack)"}`).sort();
}
