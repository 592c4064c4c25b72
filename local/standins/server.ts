import * as http from "http";
import { AddressInfo } from "net";

/** The loopback address every stand-in binds to, so nothing local is ever reachable from the network. */
export const LOOPBACK = "127.0.0.1";

/**
 * An HTTP server on the loopback interface that can be taken offline and brought back on the same port.
 *
 * Fault tests need an outage that looks like a real one to an SDK client: new connections refused and open
 * keep-alive sockets dropped. Closing the listener and destroying every socket gives exactly that, and listening
 * again on the same port lets the clients, which keep their endpoint, recover without being rebuilt.
 */
export interface PausableServer {
    /** `http://127.0.0.1:PORT`, fixed for the server's life, paused or not. */
    readonly endpoint: string;
    /** The port the server listens on (the one given, or the one the OS chose for port 0). */
    readonly port: number;
    /** Refuses connections and drops open ones until {@link PausableServer.resume}. Idempotent. */
    pause(): Promise<void>;
    /** Listens again on the same port. Idempotent. */
    resume(): Promise<void>;
    /** Stops for good; the `onStop` hook given at start runs once, after the listener is closed. */
    stop(): Promise<void>;
}

/** How {@link listenPausable} binds and shuts down. */
export interface ListenOptions {
    /** Port to listen on. Default `0`: the OS chooses a free port, so parallel test files never collide. */
    port?: number;
    /** Runs once on {@link PausableServer.stop}, after the listener is closed: frees stores, removes temp dirs. */
    onStop?: () => Promise<void>;
    /** Runs on every {@link PausableServer.pause}, once the server is offline: drops state an outage would lose. */
    onPause?: () => Promise<void>;
    /** Runs on every {@link PausableServer.resume}, before the server listens again. */
    onResume?: () => Promise<void>;
}

/**
 * Starts `server` on 127.0.0.1 and wraps it as a {@link PausableServer}.
 *
 * @param server - an `http.Server` with its request handler already attached, not yet listening.
 * @param options - port and shutdown hooks.
 */
export async function listenPausable(server: http.Server, options: ListenOptions = {}): Promise<PausableServer> {
    const port = await listen(server, options.port ?? 0);
    let paused = false;
    let stopped = false;
    // A pause calls `http.Server.prototype.close` directly, while stop calls the server's own `close`: some
    // libraries (dynalite) override `close` to also close their store, which a pause must not do and stop must.
    const takeOffline = async (close: (cb: (err?: Error) => void) => void): Promise<void> => {
        const closing = new Promise<void>((resolve, reject) => close.call(server, (err) => (err ? reject(err) : resolve())));
        // Dropping idle and in-flight sockets is what makes an SDK see the outage at once, not at the next timeout.
        server.closeAllConnections();
        await closing;
    };
    return {
        endpoint: `http://${LOOPBACK}:${port}`,
        port,
        async pause() {
            if (paused || stopped) return;
            paused = true;
            await takeOffline(http.Server.prototype.close);
            await options.onPause?.();
        },
        async resume() {
            if (!paused || stopped) return;
            await options.onResume?.();
            await listen(server, port);
            paused = false;
        },
        async stop() {
            if (stopped) return;
            stopped = true;
            // The overriding `close` may refuse a server that is not listening, so a paused one is woken first.
            if (paused) await listen(server, port);
            await takeOffline(server.close);
            await options.onStop?.();
        },
    };
}

function listen(server: http.Server, port: number): Promise<number> {
    return new Promise((resolve, reject) => {
        const onError = (err: Error): void => reject(new Error(`cannot listen on ${LOOPBACK}:${port}: ${err.message}`));
        server.once("error", onError);
        server.listen(port, LOOPBACK, () => {
            server.off("error", onError);
            resolve((server.address() as AddressInfo).port);
        });
    });
}

/** Reads a request body as a UTF-8 string; stand-in request bodies are small JSON or form documents. */
export async function readBody(req: http.IncomingMessage): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString("utf8");
}

/** Sends a JSON document with the given status and extra headers. */
export function sendJson(
    res: http.ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
    contentType = "application/json",
): void {
    const text = JSON.stringify(body);
    res.writeHead(status, { "content-type": contentType, "content-length": Buffer.byteLength(text), ...headers });
    res.end(text);
}
