import * as path from "path";

/** The Pulumi project directory: the stack files, `package-lock.json` and `node_modules` are here. */
export const PROJECT_ROOT = path.resolve(__dirname, "..");

/**
 * A cache directory of this project's under `node_modules/.cache`: never committed, and emptied by `npm ci` together
 * with the packages whose output it keeps.
 */
export function projectCacheDir(name: string): string {
    return path.join(PROJECT_ROOT, "node_modules", ".cache", name);
}
