import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { programCache, programKey } from "../../local/programCache";

describe("local/programCache.ts: the evaluated program cached by a hash of what decides it", () => {
    let root: string;
    const write = (file: string, text: string) => {
        fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
        fs.writeFileSync(path.join(root, file), text);
    };
    beforeEach(() => {
        root = fs.mkdtempSync(path.join(os.tmpdir(), "portcullis-program-cache-"));
        write("index.ts", "export {}");
        write("handlers/health.ts", "a");
        write("Pulumi.dev.yaml", "config: {}");
        write("package-lock.json", "{}");
    });
    afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

    it("changes with a handler's source, the stack file, the lockfile and the overrides", () => {
        const first = programKey("dev", {}, root);
        expect(programKey("dev", {}, root)).to.equal(first);
        const changes: Array<[string, () => void]> = [
            ["a handler", () => write("handlers/health.ts", "b")],
            ["a new component file", () => write("components/new.ts", "x")],
            ["the stack file", () => write("Pulumi.dev.yaml", "config: { a: 1 }")],
            ["the lockfile", () => write("package-lock.json", "{ }")],
        ];
        const seen = new Set([first]);
        for (const [what, change] of changes) {
            change();
            const key = programKey("dev", {}, root);
            expect(seen.has(key), what).to.equal(false);
            seen.add(key);
        }
        expect(programKey("dev", { "portcullis:lambda": "{}" }, root)).to.not.be.oneOf([...seen]);
        expect(programKey("prod", {}, root)).to.not.be.oneOf([...seen]);
    });

    it("ignores what cannot change the program: tests, the portal, dot-directories and node_modules", () => {
        const key = programKey("dev", {}, root);
        write("tests/x.test.ts", "t");
        write("portal/page.ts", "p");
        write("local/.cache/x", "c");
        write("handlers/node_modules/m/index.js", "m");
        expect(programKey("dev", {}, root)).to.equal(key);
    });

    it("reads back what it wrote, and misses on another key or a torn file", () => {
        const dir = path.join(root, "cache");
        const entry = programCache<{ a: number }>("dev", "k1", dir);
        expect(entry.read()).to.equal(undefined);
        entry.write({ a: 1 });
        expect(programCache<{ a: number }>("dev", "k1", dir).read()).to.deep.equal({ a: 1 });
        expect(programCache("dev", "k2", dir).read()).to.equal(undefined);
        fs.writeFileSync(entry.file, "{ torn");
        expect(entry.read()).to.equal(undefined);
        expect(fs.readdirSync(dir)).to.deep.equal(["dev-k1.json"]);
    });
});
