import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import { PROGRAM_CACHE_DIR } from "../../local/programCache";
import { table } from "./report";
import { PROJECT_ROOT } from "../../config/project";

/** `npm start`'s bundle cache, named by local/start.js (plain JavaScript). */
const { START_CACHE_DIR } = require("../../local/start.js") as { START_CACHE_DIR: string };

/** Issue 14's target: `npm start` ready in under 5 s with the evaluated program cached. */
export const WARM_START_TARGET_MS = 5000;

/** One `npm start` to ready: its phase lines (local/cli.ts's `progress`), in seconds, as printed. */
export interface StartupRun {
    /** `cold`: the caches of the sources emptied first, as after an edit; `warm`: filled by the run before. */
    cache: "cold" | "warm";
    /**
     * Phase name to seconds: options, modules, program, stand-ins, functions, seed, ready (the process's own count
     * since Node started), and `npm start`: from spawning `npm start` to reading its ready line, npm's own start
     * included, which is what a user waits.
     */
    phases: Record<string, number>;
}

/** Start-up figures: one cold and one warm start, and the load average meanwhile. */
export interface StartupFigures {
    runs: StartupRun[];
    loadAverage: number;
}


/**
 * Runs `npm start -- --port 0` as a user does, reads the phase lines until `ready`, then stops it with SIGINT (to
 * its process group: npm, the shell and Node, as Ctrl-C does).
 */
function startOnce(cache: StartupRun["cache"]): Promise<StartupRun> {
    return new Promise((resolve, reject) => {
        const spawned = performance.now();
        const child = spawn("npm", ["start", "--", "--port", "0"], { cwd: PROJECT_ROOT, stdio: ["ignore", "pipe", "pipe"], detached: true });
        const phases: Record<string, number> = {};
        let out = "";
        let err = "";
        let stopped = false;
        child.stderr.on("data", (c: Buffer) => (err += c.toString()));
        child.stdout.on("data", (c: Buffer) => {
            out += c.toString();
            for (const m of out.matchAll(/^ {2}([a-z-]+) +([\d.]+) s/gm)) phases[m[1]] = Number(m[2]);
            if (phases.ready !== undefined && !stopped) {
                stopped = true;
                phases["npm start"] = Number(((performance.now() - spawned) / 1000).toFixed(1));
                process.kill(-child.pid!, "SIGINT");
            }
        });
        child.on("exit", (code) => {
            if (phases.ready === undefined) return reject(new Error(`npm start exited with ${code} before it was ready:\n${err || out}`));
            resolve({ cache, phases });
        });
    });
}

/**
 * What an edit to the sources invalidates: the evaluated program and `npm start`'s bundle (local/start.js). Not the
 * function bundles, runtime clients or PGlite's cluster, which follow the lockfile.
 */
const SOURCE_CACHES = [PROGRAM_CACHE_DIR, START_CACHE_DIR];

/** A cold start (the source caches emptied) then a warm one, each in a fresh process as a user runs it. */
export async function measureStartup(): Promise<StartupFigures> {
    const loadAverage = os.loadavg()[0];
    for (const dir of SOURCE_CACHES) fs.rmSync(dir, { recursive: true, force: true });
    const cold = await startOnce("cold");
    const warm = await startOnce("warm");
    return { runs: [cold, warm], loadAverage };
}

const PHASES = ["options", "modules", "program", "stand-ins", "functions", "seed", "ready", "npm start"];

/**
 * The report's start-up section: a row per run with each phase's seconds, and the warm start against its target,
 * judged on what a user waits (`npm start` to the ready line, npm's and Node's own start included) where measured.
 */
export function startupSection(figures: StartupFigures, date: string): string {
    const warm = figures.runs.find((r) => r.cache === "warm");
    const waited = warm?.phases["npm start"] ?? warm?.phases.ready ?? Infinity;
    const verdict = waited * 1000 < WARM_START_TARGET_MS ? "MET" : "**NOT MET**";
    return [
        "## Start-up (`npm start` to ready)",
        "",
        `Measured by \`npm run bench -- --startup\` on ${date} (1-minute load average ${figures.loadAverage.toFixed(2)}): one start with the caches of the sources emptied (the evaluated program and \`npm start\`'s bundle, as after an edit), then one with them filled, each a fresh \`npm start -- --port 0\` stopped with SIGINT once ready. Seconds per phase as \`npm start\` prints them (\`ready\` counts from Node's start); \`npm start\` is from spawning it to its ready line, npm's own start included. The stand-ins start alongside the program evaluation, so their time includes it on a cold cache.`,
        "",
        table(["cache", ...PHASES], figures.runs.map((r) => [r.cache, ...PHASES.map((p) => (r.phases[p] === undefined ? "-" : r.phases[p].toFixed(1)))])),
        "",
        `| target | measured | wanted | result |\n|---|---|---|---|\n| ready on a warm cache | ${waited.toFixed(1)} s | < ${WARM_START_TARGET_MS / 1000} s | ${verdict} |`,
        ...(warm !== undefined && verdict !== "MET" ? ["", notMetBecause(warm)] : []),
        "",
    ].join("\n");
}

/** Where a warm start that missed its target spent its time, largest phase first (the cache removed the program's). */
function notMetBecause(warm: StartupRun): string {
    const spent = PHASES.filter((p) => p !== "ready" && p !== "npm start" && warm.phases[p] !== undefined).sort((a, b) => warm.phases[b] - warm.phases[a]);
    return `Not met: with the program read from the cache (${(warm.phases.program ?? 0).toFixed(1)} s), the start is ${spent.slice(0, 3).map((p) => `${p} ${warm.phases[p].toFixed(1)} s`).join(", ")}; those are what a faster start has to cut.`;
}

/** Replaces the report's start-up section, or appends it, leaving every other section as the last full run wrote it. */
export function withStartupSection(report: string, section: string): string {
    const start = report.indexOf("## Start-up");
    if (start < 0) return `${report.trimEnd()}\n\n${section}`;
    const next = report.indexOf("\n## ", start + 1);
    return `${report.slice(0, start)}${section}${next < 0 ? "" : `\n${report.slice(next + 1)}`}`;
}
