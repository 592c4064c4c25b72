import { execFileSync } from "child_process";
import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const SDK_DIR = path.resolve(__dirname, "..", "sdk");
const TSC = require.resolve("typescript/bin/tsc");
/** Where built tarballs are kept by content hash, so a portal build compiles the SDK once per change. */
const CACHE_DIR = path.join(os.tmpdir(), "portcullis-sdk-tarballs");

/** The SDK's package files whose content decides the tarball. */
function sources(): string[] {
    const src = fs.readdirSync(path.join(SDK_DIR, "src")).filter((f) => f.endsWith(".ts")).sort().map((f) => path.join("src", f));
    return ["package.json", "README.md", "tsconfig.json", ...src];
}

/**
 * The installable SDK, `npm pack` of `sdk/` compiled (dist/ with declarations) in a scratch directory, so a reader
 * can `npm install <portal>/sdks/portcullis-sdk.tgz` with no registry: the package has no dependencies. Cached by
 * a hash of the package's sources; returns the tarball's path.
 */
export function sdkTarball(): string {
    const files = sources();
    const hash = createHash("sha256");
    for (const f of files) hash.update(f).update("\0").update(fs.readFileSync(path.join(SDK_DIR, f))).update("\0");
    const cached = path.join(CACHE_DIR, `${hash.digest("hex").slice(0, 16)}.tgz`);
    if (fs.existsSync(cached)) return cached;
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "portcullis-sdk-pack-"));
    try {
        for (const f of files) {
            fs.mkdirSync(path.dirname(path.join(work, f)), { recursive: true });
            fs.copyFileSync(path.join(SDK_DIR, f), path.join(work, f));
        }
        execFileSync(process.execPath, [TSC, "-p", "tsconfig.json"], { cwd: work, stdio: "pipe" });
        const name = execFileSync("npm", ["pack", "--silent", "--ignore-scripts"], { cwd: work, encoding: "utf8" }).trim().split("\n").pop()!;
        fs.mkdirSync(CACHE_DIR, { recursive: true });
        // Written beside, then renamed: a parallel build never reads half a tarball.
        const partial = `${cached}.${process.pid}`;
        fs.copyFileSync(path.join(work, name), partial);
        fs.renameSync(partial, cached);
        return cached;
    } finally {
        fs.rmSync(work, { recursive: true, force: true });
    }
}
