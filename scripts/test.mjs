#!/usr/bin/env node
/**
 * `npm test`: the type-check and the mocha suite, side by side, failing when either fails.
 *
 * They used to run one after the other. tsc is single-threaded and takes about 25 s; mocha runs one file at a time
 * and leaves the second core mostly idle; side by side the type-check costs almost nothing in wall time. tsc's output
 * is held until it ends so the two never interleave, and a type error still fails the run even when every test
 * passes. Arguments after `--` go to mocha in place of the default spec (`npm test -- tests/config/*.test.ts`).
 *
 * Plain JavaScript on purpose: it starts both tools without waiting for a TypeScript loader.
 */
import { spawn } from "node:child_process";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const mochaArgs = process.argv.length > 2 ? process.argv.slice(2) : ["tests/**/*.test.ts"];

/** Runs a Node script; resolves with its exit code and, when `hold` is set, its output. */
function run(script, args, hold) {
    return new Promise((resolve) => {
        const child = spawn(process.execPath, [script, ...args], { stdio: hold ? ["ignore", "pipe", "pipe"] : "inherit" });
        const output = [];
        if (hold) for (const stream of [child.stdout, child.stderr]) stream.on("data", (chunk) => output.push(chunk));
        child.on("close", (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output: Buffer.concat(output).toString() }));
    });
}

const [types, tests] = await Promise.all([
    run(require.resolve("typescript/bin/tsc"), ["--noEmit", "-p", "."], true),
    run(require.resolve("mocha/bin/mocha.js"), mochaArgs, false),
]);

if (types.code === 0) {
    console.log("Type-check (tsc --noEmit -p .): no errors.");
} else {
    console.error(`Type-check (tsc --noEmit -p .) failed:\n${types.output}`);
}
process.exitCode = types.code || tests.code;
