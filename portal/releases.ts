import * as fs from "fs";
import * as path from "path";
import type { ApiDocument } from "./breakingChanges";

/** Where released contract snapshots live, one `openapi-<version>.json` per release. */
export const RELEASES_DIR = path.join(__dirname, "releases");

const FILE = /^openapi-(\d+)\.(\d+)\.(\d+)\.json$/;

/** The snapshot of the highest released version, or undefined before the first release. */
export function latestRelease(dir = RELEASES_DIR): { version: string; file: string; document: ApiDocument } | undefined {
    const releases = fs
        .readdirSync(dir)
        .map((f) => ({ f, m: FILE.exec(f) }))
        .filter((r): r is { f: string; m: RegExpExecArray } => r.m !== null)
        .sort((x, y) => Number(y.m[1]) - Number(x.m[1]) || Number(y.m[2]) - Number(x.m[2]) || Number(y.m[3]) - Number(x.m[3]));
    const top = releases[0];
    if (!top) return undefined;
    const file = path.join(dir, top.f);
    return { version: `${top.m[1]}.${top.m[2]}.${top.m[3]}`, file, document: JSON.parse(fs.readFileSync(file, "utf8")) as ApiDocument };
}

/** Path of the snapshot for `version`. */
export const releaseFile = (version: string, dir = RELEASES_DIR): string => path.join(dir, `openapi-${version}.json`);
