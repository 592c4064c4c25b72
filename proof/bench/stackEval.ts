import { spawn } from "child_process";
import * as path from "path";
import { msSince } from "./stats";

/** Time to evaluate one stack under mocks in a fresh process. */
export interface StackEvalFigures {
    stack: string;
    /** `evaluateStack` alone, measured inside the child. */
    evaluateMs: number;
    /** The whole child: Node, ts-node, loading the program's modules and evaluating. */
    processMs: number;
    resources: number;
    /** What packaging did during the evaluation (handlers/packaging.ts PACKAGING_WORK). */
    packaging?: { serialized: number; serializeMs: number; bundled: number; bundledFromCache: number; bundleMs: number; firstStartMs: number; lastEndMs: number };
}

const CHILD = `
const { evaluateStack } = require(${JSON.stringify(path.resolve(__dirname, "..", "..", "harness", "evaluate"))});
const started = process.hrtime.bigint();
evaluateStack(process.argv[1]).then((s) => {
  const { PACKAGING_WORK } = require(${JSON.stringify(path.resolve(__dirname, "..", "..", "handlers", "packaging"))});
  process.stdout.write(JSON.stringify({ ms: Number(process.hrtime.bigint() - started) / 1e6, resources: s.resources.length, packaging: PACKAGING_WORK }));
  process.exit(0);
}, (e) => { console.error(e); process.exit(1); });
`;

/** Evaluates `stack` (index.ts under pulumi mocks with its stack file) in a fresh ts-node process. */
export function measureStackEvaluation(stack: string): Promise<StackEvalFigures> {
    return new Promise((resolve, reject) => {
        const started = process.hrtime.bigint();
        const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", CHILD, stack], { stdio: ["ignore", "pipe", "inherit"] });
        let out = "";
        child.stdout.on("data", (c: Buffer) => (out += c.toString()));
        child.on("exit", (code) => {
            if (code !== 0) return reject(new Error(`evaluating ${stack} exited with ${code}`));
            const r = JSON.parse(out) as { ms: number; resources: number; packaging: StackEvalFigures["packaging"] };
            resolve({ stack, evaluateMs: r.ms, processMs: msSince(started), resources: r.resources, packaging: r.packaging });
        });
    });
}
