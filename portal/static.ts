import * as fs from "fs";
import type { IncomingMessage, ServerResponse } from "http";
import * as path from "path";
import { cspFor } from "./layout";

const TYPES: Record<string, string> = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".yaml": "application/yaml; charset=utf-8",
    ".png": "image/png",
    ".svg": "image/svg+xml",
    ".tgz": "application/gzip",
};

/**
 * A request handler that serves a built portal from `root` under `prefix` (e.g. `/docs`), for `npm start` and the
 * browser test. It answers only GET and HEAD below the prefix and returns false for anything else so the caller
 * can route it; paths are resolved inside `root` only, and every answer carries the same CSP as the pages (pass
 * the `connect` origins the portal was built with, {@link portalConnectOrigins}).
 */
export function portalHandler(root: string, prefix = "", connect: readonly string[] = []): (req: IncomingMessage, res: ServerResponse) => boolean {
    const csp = cspFor(connect);
    const base = path.resolve(root);
    return (req, res) => {
        const url = new URL(req.url ?? "/", "http://portal.invalid");
        if ((req.method !== "GET" && req.method !== "HEAD") || !(url.pathname === prefix || url.pathname.startsWith(`${prefix}/`))) return false;
        if (url.pathname === prefix) {
            res.writeHead(301, { Location: `${prefix}/` }).end();
            return true;
        }
        let rel: string;
        try {
            rel = decodeURIComponent(url.pathname.slice(prefix.length + 1)) || "index.html";
        } catch {
            res.writeHead(400).end();
            return true;
        }
        const file = path.resolve(base, rel);
        const inside = file.startsWith(`${base}${path.sep}`);
        if (!inside || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
            res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" }).end("Not found");
            return true;
        }
        res.writeHead(200, {
            "Content-Type": TYPES[path.extname(file)] ?? "application/octet-stream",
            "Content-Security-Policy": csp,
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "no-cache",
        });
        if (req.method === "HEAD") res.end();
        else fs.createReadStream(file).pipe(res);
        return true;
    };
}
