import { randomBytes } from "crypto";
import type { PGlite } from "@electric-sql/pglite";
import { DataApiError } from "./errors";

/** Timing of {@link SessionManager}. */
export interface SessionTimeouts {
    /** How long a statement may wait for the database while a transaction holds it. */
    statementTimeoutMs: number;
    /** A transaction unused for this long is rolled back and forgotten, as the Data API does after 3 minutes. */
    transactionIdleTimeoutMs: number;
}

interface OpenTransaction {
    /** Statements of one transaction run one after the other, even when a client sends them concurrently. */
    tail: Promise<unknown>;
    idleTimer: NodeJS.Timeout;
    release: () => void;
}

/**
 * Shares PGlite's single session among Data API callers.
 *
 * The Data API gives every transaction its own connection; PGlite has one session, so a transaction holds the
 * whole database from `BeginTransaction` until commit, rollback or idle timeout, and statements outside it queue
 * (first come, first served) and fail with `StatementTimeoutException` if the wait is longer than a statement may
 * run. Stricter than PostgreSQL's row locks, never looser: a test that passes here does not rely on isolation
 * it would not get on AWS.
 */
export class SessionManager {
    private held = false;
    private readonly waiters: Array<() => void> = [];
    private readonly transactions = new Map<string, OpenTransaction>();

    /**
     * @param db - the shared database session.
     * @param timeouts - statement and idle-transaction timeouts.
     */
    constructor(private readonly db: PGlite, private readonly timeouts: SessionTimeouts) {}

    /** Runs `work` alone on the database, outside any transaction (each statement commits on its own). */
    async autocommit<T>(work: () => Promise<T>): Promise<T> {
        const release = await this.acquire();
        try {
            return await work();
        } finally {
            release();
        }
    }

    /** Waits for the database, opens a transaction and returns its id. */
    async begin(): Promise<string> {
        const release = await this.acquire();
        try {
            await this.db.exec("BEGIN");
        } catch (err) {
            release();
            throw err;
        }
        const id = randomBytes(36).toString("base64");
        this.transactions.set(id, { tail: Promise.resolve(), idleTimer: this.armIdleTimer(id), release });
        return id;
    }

    /** Runs `work` inside transaction `id`, after the statements already sent to it. */
    inTransaction<T>(id: string, work: () => Promise<T>): Promise<T> {
        const tx = this.find(id);
        clearTimeout(tx.idleTimer);
        const run = tx.tail.then(work, work);
        tx.tail = run.catch(() => undefined);
        tx.idleTimer = this.armIdleTimer(id);
        return run;
    }

    /** Commits or rolls back transaction `id` and gives the database to the next waiter. */
    async end(id: string, command: "COMMIT" | "ROLLBACK"): Promise<void> {
        const tx = this.find(id);
        clearTimeout(tx.idleTimer);
        // Forgotten first, so a statement racing the commit gets "not found" rather than running outside it.
        this.transactions.delete(id);
        try {
            await tx.tail;
            await this.db.exec(command);
        } finally {
            tx.release();
        }
    }

    /** Rolls back every open transaction; used when the stand-in stops or goes offline. */
    async rollbackAll(): Promise<void> {
        for (const id of [...this.transactions.keys()]) await this.end(id, "ROLLBACK").catch(() => undefined);
    }

    private find(id: string): OpenTransaction {
        const tx = this.transactions.get(id);
        if (!tx) throw new DataApiError("TransactionNotFoundException", `Transaction ${id} is not found`);
        return tx;
    }

    private armIdleTimer(id: string): NodeJS.Timeout {
        const timer = setTimeout(() => void this.end(id, "ROLLBACK").catch(() => undefined), this.timeouts.transactionIdleTimeoutMs);
        // An abandoned transaction must not keep a test process alive.
        timer.unref();
        return timer;
    }

    private acquire(): Promise<() => void> {
        const release = (): void => {
            const next = this.waiters.shift();
            if (next) next();
            else this.held = false;
        };
        if (!this.held) {
            this.held = true;
            return Promise.resolve(release);
        }
        return new Promise((resolve, reject) => {
            const grant = (): void => {
                clearTimeout(timer);
                resolve(release);
            };
            const timer = setTimeout(() => {
                this.waiters.splice(this.waiters.indexOf(grant), 1);
                reject(new DataApiError("StatementTimeoutException", "Request timed out"));
            }, this.timeouts.statementTimeoutMs);
            this.waiters.push(grant);
        });
    }
}
