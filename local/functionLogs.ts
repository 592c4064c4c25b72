import { AsyncLocalStorage } from "async_hooks";
import type { Writable } from "stream";

/**
 * Functions' stdout goes where Lambda would ship it (their log group), not to the console of `npm start` or of a
 * test run. Functions run in this process, so stdout is shared: what a function writes during an invocation, or
 * while its factory runs, and in every continuation of that work, is told apart by its async context.
 */

const sinks = new AsyncLocalStorage<Writable>();
let installed = false;

/** Routes `process.stdout.write` to the current function's sink when there is one; installed once per process. */
function install(): void {
    if (installed) return;
    installed = true;
    const write = process.stdout.write.bind(process.stdout) as (...args: unknown[]) => boolean;
    process.stdout.write = ((...args: unknown[]) => {
        const sink = sinks.getStore();
        if (sink === undefined) return write(...args);
        // A late write after stop (a function still finishing) is dropped, as CloudWatch would after deletion.
        if (!sink.writableEnded) sink.write(args[0] as string | Uint8Array);
        const callback = args.find((a) => typeof a === "function") as (() => void) | undefined;
        callback?.();
        return true;
    }) as typeof process.stdout.write;
}

/**
 * Runs `work` with everything it writes to stdout, now and in its continuations, sent to `sink` instead.
 *
 * @param sink - the function's log (e.g. `.local/functions.log`).
 * @param work - an invocation, or the require that runs a factory.
 */
export function withFunctionOutput<T>(sink: Writable, work: () => T): T {
    install();
    return sinks.run(sink, work);
}
