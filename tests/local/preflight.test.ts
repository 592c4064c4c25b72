import { expect } from "chai";
import { spawn } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { acquireLock, checkStart, LOCK_FILE, StartupError, type StartPlan } from "../../local/preflight";

/** The checks must answer before anything slow starts; 2 s is the bound, on a shared, loaded machine. */
const FAST_MS = 2000;

/** Runs `checkStart` and returns its StartupError's message and how long it took; fails if it passes. */
async function refusal(argv: string[], outDir: string): Promise<{ message: string; ms: number }> {
    const started = Date.now();
    try {
        const plan = (await checkStart(argv, outDir)) as StartPlan;
        plan.locks.forEach((l) => l.release());
    } catch (err) {
        expect(err).to.be.instanceOf(StartupError);
        return { message: (err as Error).message, ms: Date.now() - started };
    }
    throw new Error(`checkStart(${argv.join(" ")}) passed`);
}

/** A port some server listens on until `close`. */
async function occupiedPort(): Promise<{ port: number; close: () => Promise<void> }> {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
    return { port: (server.address() as net.AddressInfo).port, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** A pid that no process has: a child that has exited. */
async function deadPid(): Promise<number> {
    const child = spawn(process.execPath, ["-e", ""]);
    await new Promise((resolve) => child.on("exit", resolve));
    return child.pid!;
}

describe("npm start's checks before anything slow (local/preflight.ts)", () => {
    let outDir: string;
    beforeEach(() => {
        outDir = fs.mkdtempSync(path.join(os.tmpdir(), "portcullis-preflight-"));
    });
    afterEach(() => fs.rmSync(outDir, { recursive: true, force: true }));

    const cases: Array<[string, string[], string]> = [
        ["a port browsers and fetch refuse (6000, X11)", ["--port", "6000"],
            "--port 6000 is a port browsers and fetch refuse to connect to (the Fetch standard's bad ports): pick another, e.g. 3000, or 0 for any free one"],
        ["a privileged port that is also a bad port (1)", ["--port", "1"], "--port 1 is a port browsers and fetch refuse to connect to"],
        ["a non-numeric port", ["--port", "abc"], "--port must be a whole number from 0 to 65535, got 'abc'"],
        ["a port past 65535", ["--port", "70000"], "--port must be a whole number from 0 to 65535, got '70000'"],
        ["a negative port", ["--port=-1"], "--port must be a whole number from 0 to 65535, got '-1'"],
        ["an unknown option", ["--prot", "3000"], "Unknown option '--prot'"],
        ["a stray argument", ["3000"], "Unexpected argument '3000'"],
        ["--persist under /proc (which Node 20's recursive mkdir never returns from)", ["--port", "0", "--persist", "/proc/x"], "--persist /proc/x: cannot create /proc/x (ENOENT)"],
    ];
    for (const [what, argv, message] of cases) {
        it(`refuses ${what} at once`, async () => {
            const { message: got, ms } = await refusal(argv, outDir);
            expect(got.startsWith(message), got).to.equal(true);
            expect(ms).to.be.below(FAST_MS);
        });
    }

    it("refuses a --persist path that is a file", async () => {
        const file = path.join(outDir, "file");
        fs.writeFileSync(file, "");
        const { message, ms } = await refusal(["--port", "0", "--persist", path.join(file, "data")], outDir);
        expect(message).to.equal(`--persist ${path.join(file, "data")}: ${file} is not a directory`);
        expect(ms).to.be.below(FAST_MS);
    });

    it("refuses a port in use, probed before anything starts", async () => {
        const busy = await occupiedPort();
        try {
            const { message, ms } = await refusal(["--port", String(busy.port)], outDir);
            expect(message).to.equal(`--port ${busy.port} is in use on 127.0.0.1: pick another with --port, or --port 0 for any free one`);
            expect(ms).to.be.below(FAST_MS);
        } finally {
            await busy.close();
        }
    });

    it("refuses a privileged port to a user without the privilege", async function () {
        if (process.getuid?.() === 0) this.skip(); // root may listen on any port
        const { message } = await refusal(["--port", "1023"], outDir);
        expect(message).to.equal("--port 1023 needs privileges this user lacks (ports below 1024 are privileged): pick one from 1024 up, or 0 for any free one");
    });

    it("creates a missing --persist directory, proves it writable and locks it with the state directory", async () => {
        const persist = path.join(outDir, "a", "b");
        const plan = (await checkStart(["--port", "0", "--persist", persist], path.join(outDir, "state"))) as StartPlan;
        try {
            expect(plan.port).to.equal(0);
            expect(plan.persistDir).to.equal(persist);
            expect(plan.locks.map((l) => l.file)).to.deep.equal([path.join(outDir, "state", LOCK_FILE), path.join(persist, LOCK_FILE)]);
            expect(fs.readdirSync(persist)).to.deep.equal([LOCK_FILE]);
        } finally {
            plan.locks.forEach((l) => l.release());
        }
        expect(fs.existsSync(path.join(persist, LOCK_FILE))).to.equal(false);
    });

    describe("one running instance per state directory", () => {
        it("refuses a second start, naming the running one's pid and port, until the first releases", async () => {
            const first = acquireLock(outDir, 0);
            first.setPort(43210);
            const { message, ms } = await refusal(["--port", "0"], outDir);
            expect(message).to.equal(`npm start is already running with ${outDir} (pid ${process.pid}, on port 43210 (http://127.0.0.1:43210/)): use that one, or stop it with Ctrl-C first`);
            expect(ms).to.be.below(FAST_MS);
            first.release();
            const second = (await checkStart(["--port", "0"], outDir)) as StartPlan;
            expect(JSON.parse(fs.readFileSync(second.locks[0].file, "utf8"))).to.deep.equal({ pid: process.pid, port: 0 });
            second.locks.forEach((l) => l.release());
        });

        it("refuses a second start on the same --persist directory from another checkout", async () => {
            const persist = fs.mkdtempSync(path.join(os.tmpdir(), "portcullis-preflight-persist-"));
            const first = acquireLock(persist, 3000);
            try {
                const { message } = await refusal(["--port", "0", "--persist", persist], outDir);
                expect(message).to.equal(`npm start is already running with ${persist} (pid ${process.pid}, on port 3000 (http://127.0.0.1:3000/)): use that one, or stop it with Ctrl-C first`);
                // The state directory's lock, taken first, was given back.
                expect(fs.existsSync(path.join(outDir, LOCK_FILE))).to.equal(false);
            } finally {
                first.release();
                fs.rmSync(persist, { recursive: true, force: true });
            }
        });

        it("takes over a stale lock whose process is gone, and an unreadable one", async () => {
            fs.writeFileSync(path.join(outDir, LOCK_FILE), JSON.stringify({ pid: await deadPid(), port: 3000 }));
            const lock = acquireLock(outDir, 3001);
            expect(JSON.parse(fs.readFileSync(lock.file, "utf8"))).to.deep.equal({ pid: process.pid, port: 3001 });
            lock.release();
            fs.writeFileSync(path.join(outDir, LOCK_FILE), "{ torn");
            acquireLock(outDir, 3002).release();
            expect(fs.existsSync(path.join(outDir, LOCK_FILE))).to.equal(false);
        });

        it("never removes a lock another process has taken since", () => {
            const lock = acquireLock(outDir, 3000);
            fs.writeFileSync(lock.file, JSON.stringify({ pid: process.ppid, port: 4000 }));
            lock.release();
            expect(JSON.parse(fs.readFileSync(lock.file, "utf8"))).to.deep.equal({ pid: process.ppid, port: 4000 });
        });
    });

    it("npm start itself exits 2 with the message and the usage, without loading the app", async function () {
        this.timeout(60_000);
        // What `npm start` runs: the entry that bundles local/cli.ts.
        const entry = path.join(__dirname, "..", "..", "local", "start.js");
        const child = spawn(process.execPath, [entry, "--port", "6000"], { cwd: path.join(__dirname, "..", "..") });
        let stderr = "";
        let stdout = "";
        child.stderr.on("data", (d) => (stderr += d));
        child.stdout.on("data", (d) => (stdout += d));
        const code = await new Promise((resolve) => child.on("exit", resolve));
        expect(code).to.equal(2);
        expect(stderr).to.match(/^--port 6000 is a port browsers and fetch refuse to connect to .*\n\nUsage: npm start -- \[--port PORT\] \[--persist DIR\]/);
        // The app's modules print the AWS SDK's Node-version notice or a phase line when they load: none did.
        expect(stdout).to.equal("");
        expect(stderr).to.not.include("AWS SDK");
    });
});
