import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/** local/start.js is plain JavaScript (it runs before anything compiles TypeScript), so it has no typings. */
const { bundledEntry } = require("../../local/start.js") as { bundledEntry(entry: string, cacheDir: string, root: string): Promise<string> };

describe("npm start's entry (local/start.js): local/cli.ts bundled once, reused while its sources are unchanged", function () {
    this.timeout(30_000);
    let root: string;
    let cacheDir: string;
    let entry: string;

    beforeEach(() => {
        // Prepare: an entry importing a module in a subfolder that finds files by its own __dirname.
        root = fs.mkdtempSync(path.join(os.tmpdir(), "start-entry-"));
        cacheDir = path.join(root, "cache");
        entry = path.join(root, "main.ts");
        fs.mkdirSync(path.join(root, "lib"));
        fs.writeFileSync(path.join(root, "lib", "where.ts"), 'export const where = { dir: __dirname, file: __filename, version: "one" };\n');
        fs.writeFileSync(entry, 'import { where } from "./lib/where";\nexport const found: { dir: string; file: string; version: string } = where;\nexport const mine = __dirname;\n');
    });

    afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

    const load = (bundle: string) => require(bundle) as { found: { dir: string; file: string; version: string }; mine: string };

    it("gives every bundled module its own __dirname and __filename, not the bundle's", async () => {
        const bundle = await bundledEntry(entry, cacheDir, root);
        expect(path.dirname(bundle)).to.equal(cacheDir);
        const { found, mine } = load(bundle);
        expect(found).to.deep.equal({ dir: path.join(root, "lib"), file: path.join(root, "lib", "where.ts"), version: "one" });
        expect(mine).to.equal(root);
    });

    it("reuses the bundle while every input is unchanged and rebuilds when one changes", async () => {
        const first = await bundledEntry(entry, cacheDir, root);
        const builtAt = fs.statSync(first).mtimeMs;
        expect(await bundledEntry(entry, cacheDir, root)).to.equal(first);
        expect(fs.statSync(first).mtimeMs).to.equal(builtAt);
        expect(JSON.parse(fs.readFileSync(path.join(cacheDir, "main.manifest.json"), "utf8")).inputs).to.deep.equal(["lib/where.ts", "main.ts"]);

        fs.writeFileSync(path.join(root, "lib", "where.ts"), 'export const where = { dir: __dirname, file: __filename, version: "two" };\n');
        const second = await bundledEntry(entry, cacheDir, root);
        expect(second).to.not.equal(first);
        expect(load(second).found.version).to.equal("two");
    });

    it("rebuilds when the manifest is torn", async () => {
        const first = await bundledEntry(entry, cacheDir, root);
        fs.writeFileSync(path.join(cacheDir, "main.manifest.json"), '{"bundle":');
        expect(await bundledEntry(entry, cacheDir, root)).to.equal(first);
        expect(JSON.parse(fs.readFileSync(path.join(cacheDir, "main.manifest.json"), "utf8")).bundle).to.equal(path.basename(first));
    });

    it("names the error when the sources do not compile", async () => {
        fs.writeFileSync(path.join(root, "lib", "where.ts"), "export const where = ;\n");
        let error: Error | undefined;
        await bundledEntry(entry, cacheDir, root).catch((err: Error) => (error = err));
        expect(error?.message).to.include("lib/where.ts:1:");
    });
});
