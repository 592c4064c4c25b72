import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { writeFileAtomically } from "./atomicFile";
import { PROJECT_ROOT, projectCacheDir } from "../config/project";

/** The repository root (evaluate.ts has it too, but importing that loads @pulumi/pulumi, which a cache hit avoids). */

/**
 * What decides the functions a stack program deploys: the program's and the handlers' sources, the stack file,
 * the locked dependency versions (esbuild bundles them in) and the Node version (it serializes the factories).
 * Local mode's own modules are in too: they pick what is kept. Tests, benchmarks and the portal are not.
 */
const SOURCE_DIRS = ["components", "config", "contract", "handlers", "local", "sdk/src"];
const SOURCE_FILES = ["index.ts", "Pulumi.yaml", "package-lock.json", "tsconfig.json"];

/** Where evaluated programs are cached between processes (inside node_modules, so never committed). */
export const PROGRAM_CACHE_DIR = projectCacheDir("portcullis-program");

function filesUnder(dir: string): string[] {
    if (!fs.existsSync(dir)) return [];
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) return entry.name === "node_modules" || entry.name.startsWith(".") ? [] : filesUnder(full);
        return entry.isFile() ? [full] : [];
    });
}

/**
 * The cache key of a stack's evaluation: a SHA-256 over every file that decides it (path and content), the stack
 * file, the raw config overrides and the Node version. Reading the ~300 files takes tens of milliseconds, far
 * below the seconds an evaluation takes, and no edit can reuse a stale program.
 */
export function programKey(stack: string, overrides: Readonly<Record<string, string>>, root = PROJECT_ROOT): string {
    const hash = createHash("sha256");
    const files = [
        ...SOURCE_DIRS.flatMap((d) => filesUnder(path.join(root, d))),
        ...[...SOURCE_FILES, `Pulumi.${stack}.yaml`].map((f) => path.join(root, f)).filter((f) => fs.existsSync(f)),
    ].sort();
    for (const file of files) {
        hash.update(path.relative(root, file)).update("\0").update(fs.readFileSync(file)).update("\0");
    }
    hash.update(JSON.stringify({ stack, overrides: Object.entries(overrides).sort(([a], [b]) => a.localeCompare(b)), node: process.version }));
    return hash.digest("hex").slice(0, 32);
}

/**
 * A JSON value cached on disk under `<stack>-<key>.json`. Reading returns undefined on a miss or an unreadable
 * entry (a torn write, an older format); writing is atomic (a temporary file renamed). Entries of older sources
 * stay until `rm -rf node_modules/.cache/portcullis-program`: tests evaluate the same stack with several
 * overrides, and dropping the others would make them evaluate again every run.
 */
export function programCache<T>(stack: string, key: string, dir = PROGRAM_CACHE_DIR) {
    const file = path.join(dir, `${stack}-${key}.json`);
    return {
        file,
        read(): T | undefined {
            try {
                return JSON.parse(fs.readFileSync(file, "utf8")) as T;
            } catch {
                return undefined;
            }
        },
        write(value: T): void {
            writeFileAtomically(file, JSON.stringify(value));
        },
    };
}
