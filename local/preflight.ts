/**
 * What `npm start` checks before anything slow: the port, the state directories and the one-instance lock. This
 * module imports only Node built-ins so that the checks answer in well under a second, before the program, the
 * stand-ins and the SDK load (importing local/app.ts alone takes seconds).
 */
import * as fs from "fs";
import * as net from "net";
import * as path from "path";
import { parseArgs } from "util";

/** A start-up mistake the user can fix: printed without a stack trace. */
export class StartupError extends Error {
    override name = "StartupError";
}

/**
 * The Fetch standard's "bad ports" (https://fetch.spec.whatwg.org/#bad-port): browsers, Node's fetch (undici)
 * and therefore the SDK's own checks refuse to connect to them, so an API listening there is unreachable. Port
 * 6000 (X11) is one, which is why `--port 6000` used to fail 30 s later with a raw `fetch failed`.
 */
export const BAD_PORTS: ReadonlySet<number> = new Set([
    1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102, 103, 104, 109, 110,
    111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179, 389, 427, 465, 512, 513, 514, 515, 526, 530, 531, 532,
    540, 548, 554, 556, 563, 587, 601, 636, 989, 990, 993, 995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061,
    6000, 6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080,
]);

/** Parses `--port`: a whole number from 0 to 65535 that browsers and fetch accept. */
export function parsePort(value: string): number {
    const port = Number(value);
    if (!/^\d+$/.test(value) || port > 65535) throw new StartupError(`--port must be a whole number from 0 to 65535, got '${value}'`);
    if (port !== 0 && BAD_PORTS.has(port)) {
        throw new StartupError(`--port ${port} is a port browsers and fetch refuse to connect to (the Fetch standard's bad ports): pick another, e.g. 3000, or 0 for any free one`);
    }
    return port;
}

/**
 * Proves `port` can be listened on at `host` right now by listening and closing again, so a port in use or a
 * privileged one is reported at once rather than after the stand-ins and the program have started.
 */
export async function probePort(port: number, host = "127.0.0.1"): Promise<void> {
    if (port === 0) return;
    const server = net.createServer();
    try {
        await new Promise<void>((resolve, reject) => {
            server.once("error", reject);
            server.listen({ port, host, exclusive: true }, () => resolve());
        });
    } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === "EADDRINUSE") throw new StartupError(`--port ${port} is in use on ${host}: pick another with --port, or --port 0 for any free one`);
        if (code === "EACCES") throw new StartupError(`--port ${port} needs privileges this user lacks (ports below 1024 are privileged): pick one from 1024 up, or 0 for any free one`);
        throw new StartupError(`--port ${port} cannot be listened on at ${host} (${code ?? String(err)})`);
    } finally {
        await new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));
    }
}

/**
 * Creates `dir` if needed and proves it a writable directory by writing a file in it, so a bad `--persist` fails
 * before anything starts. Directories are made one level at a time: Node 20's `mkdirSync(dir, { recursive: true })`
 * never returns for a path under /proc, and `access(W_OK)` says yes to root wherever the mode says no.
 *
 * @param option - the option the path came from, named in every message.
 */
export function usableDir(dir: string, option = "--persist"): string {
    const resolved = path.resolve(dir);
    const fail = (why: string): never => {
        throw new StartupError(`${option} ${dir}: ${why}`);
    };
    const missing: string[] = [];
    let existing = resolved;
    while (!fs.existsSync(existing)) {
        missing.unshift(existing);
        existing = path.dirname(existing);
    }
    if (!fs.statSync(existing).isDirectory()) fail(`${existing} is not a directory`);
    for (const level of missing) {
        try {
            fs.mkdirSync(level);
        } catch (err) {
            fail(`cannot create ${level} (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
        }
    }
    const probe = path.join(resolved, `.write-test-${process.pid}`);
    try {
        fs.writeFileSync(probe, "");
        fs.rmSync(probe);
    } catch (err) {
        fail(`not a writable directory (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    }
    return resolved;
}

/** The content of a lock file: who holds the state directory and where it listens. */
export interface LockHolder {
    pid: number;
    /** The API's port; the requested one until the gateway listens, then the real one. */
    port: number;
}

/** A held lock on a state directory; {@link InstanceLock.release} is idempotent. */
export interface InstanceLock {
    readonly file: string;
    /** Records the port the API really listens on (with `--port 0`, known only once it listens). */
    setPort(port: number): void;
    /** Removes the lock file if this process still holds it. */
    release(): void;
}

/** The lock file's name inside a state directory. */
export const LOCK_FILE = "instance.lock";

function alive(pid: number): boolean {
    try {
        process.kill(pid, 0);
        return true;
    } catch (err) {
        // EPERM: the process exists but belongs to someone else.
        return (err as NodeJS.ErrnoException).code === "EPERM";
    }
}

function readHolder(file: string): LockHolder | undefined {
    try {
        const holder = JSON.parse(fs.readFileSync(file, "utf8")) as Partial<LockHolder>;
        return Number.isInteger(holder.pid) && Number.isInteger(holder.port) ? (holder as LockHolder) : undefined;
    } catch {
        return undefined;
    }
}

/**
 * Takes the one-instance lock of a state directory (`.local`, or a `--persist` directory): a second start would
 * overwrite the running one's endpoints.json and portal, or share its stores' files. The lock file is created
 * exclusively and names the holder's pid and port; a lock whose pid is dead (a crash, a kill -9) is stale and
 * taken over, as is an unreadable one.
 *
 * @throws {StartupError} naming the running instance's pid and port.
 */
export function acquireLock(dir: string, port: number): InstanceLock {
    const file = path.join(dir, LOCK_FILE);
    const mine = (p: number): string => JSON.stringify({ pid: process.pid, port: p } satisfies LockHolder);
    for (let attempt = 0; ; attempt++) {
        try {
            fs.writeFileSync(file, mine(port), { flag: "wx" });
            break;
        } catch (err) {
            if ((err as NodeJS.ErrnoException).code !== "EEXIST" || attempt > 0) throw err;
        }
        const holder = readHolder(file);
        if (holder !== undefined && alive(holder.pid)) {
            const where = holder.port === 0 ? "still starting" : `on port ${holder.port} (http://127.0.0.1:${holder.port}/)`;
            throw new StartupError(`npm start is already running with ${dir} (pid ${holder.pid}, ${where}): use that one, or stop it with Ctrl-C first`);
        }
        fs.rmSync(file, { force: true });
    }
    let held = true;
    return {
        file,
        setPort(p) {
            if (held) fs.writeFileSync(file, mine(p));
        },
        release() {
            if (!held) return;
            held = false;
            if (readHolder(file)?.pid === process.pid) fs.rmSync(file, { force: true });
        },
    };
}

/** What `npm start` runs with once {@link checkStart} has passed: the options, and the locks it holds. */
export interface StartPlan {
    port: number;
    persistDir?: string;
    /** The state directories' locks, `outDir`'s first; the app records its port in them and releases them on stop. */
    locks: InstanceLock[];
}

/**
 * Every check `npm start` makes before loading anything: the options (unknown ones, a non-numeric or refused
 * port), the port probed, `--persist` and `outDir` proven writable, and their instance locks taken. Returns
 * `"help"` for `--help`.
 *
 * @throws {StartupError} naming the option and what is allowed, or the running instance.
 */
export async function checkStart(argv: readonly string[], outDir: string): Promise<StartPlan | "help"> {
    let values: { port: string; persist?: string; help?: boolean };
    try {
        ({ values } = parseArgs({ args: [...argv], options: { port: { type: "string", default: "3000" }, persist: { type: "string" }, help: { type: "boolean" } } }));
    } catch (err) {
        throw new StartupError((err as Error).message);
    }
    if (values.help) return "help";
    const port = parsePort(values.port);
    const persistDir = values.persist === undefined ? undefined : usableDir(values.persist);
    usableDir(outDir, "the state directory");
    await probePort(port);
    return { port, persistDir, locks: lockStateDirs(outDir, persistDir, port) };
}

/** Locks `outDir` and, when it is another directory, `persistDir`; on a refusal, releases what it took. */
export function lockStateDirs(outDir: string, persistDir: string | undefined, port: number): InstanceLock[] {
    const locks = [acquireLock(path.resolve(outDir), port)];
    try {
        if (persistDir !== undefined && path.resolve(persistDir) !== path.resolve(outDir)) locks.push(acquireLock(path.resolve(persistDir), port));
    } catch (err) {
        locks.forEach((l) => l.release());
        throw err;
    }
    return locks;
}
