import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import type * as TypeScript from "typescript";
import { writeFileAtomically } from "../local/atomicFile";

/**
 * The compiler, loaded on a cache miss only: it takes about half a second to load, and `npm start` builds the
 * portal on every start from handlers that have mostly not changed.
 */
let ts: typeof TypeScript;

/** One stable error code a handler can answer with. */
export interface HandlerErrorCode {
    code: string;
    status: number;
    /** The error class that carries it, e.g. `ConflictError`. */
    className: string;
    /** What it means: the class's TSDoc for its default code, else the message a handler throws it with. */
    description: string;
    /** Repository-relative files that throw it (empty for a class's default code). */
    thrownIn: string[];
}

/** Where the handlers' error classes live, and the base class every client-visible error extends. */
const ERRORS_FILE = path.join("handlers", "lib", "errors.ts");
const BASE_CLASS = "ApiError";

interface ErrorClass {
    status: number;
    /** The code when the constructor is not given one. */
    defaultCode?: string;
    /** Index of the constructor parameter that overrides the code, when it has one. */
    codeParam?: number;
    description: string;
}

/** Where read codes are kept by a hash of the handlers' sources (inside node_modules, so never committed). */
const CACHE_DIR = path.join(__dirname, "..", "node_modules", ".cache", "portcullis-error-codes");

/**
 * Every error code the handlers can answer with, read from their source rather than kept by hand: the error
 * classes in `handlers/lib/errors.ts` (status and default code from each `super(code, status, message)` call), and
 * every `new XxxError(..., "Code")` under `handlers/` that passes its own code. Sorted by status, then code.
 * Cached on disk by a hash of every file under `handlers/` and of this reader itself, so no edit reuses a stale list.
 */
export function handlerErrorCodes(root: string): HandlerErrorCode[] {
    const files = sourceFiles(root, "handlers");
    const hash = createHash("sha256").update(fs.readFileSync(__filename));
    for (const file of files) hash.update(file).update("\0").update(fs.readFileSync(path.join(root, file))).update("\0");
    const cached = path.join(CACHE_DIR, `${hash.digest("hex").slice(0, 32)}.json`);
    try {
        return JSON.parse(fs.readFileSync(cached, "utf8")) as HandlerErrorCode[];
    } catch {
        // Not read yet (or a torn file): read the sources below.
    }
    const codes = readHandlerErrorCodes(root, files);
    writeFileAtomically(cached, JSON.stringify(codes));
    return codes;
}

function readHandlerErrorCodes(root: string, files: readonly string[]): HandlerErrorCode[] {
    ts ??= require("typescript") as typeof TypeScript;
    const classes = readErrorClasses(parse(root, ERRORS_FILE));
    const found = new Map<string, HandlerErrorCode>();
    const add = (code: string, cls: string, description: string, file?: string) => {
        const status = classes.get(cls)?.status;
        if (status === undefined) return;
        const entry = found.get(code) ?? { code, status, className: cls, description, thrownIn: [] };
        if (file !== undefined && !entry.thrownIn.includes(file)) entry.thrownIn.push(file);
        found.set(code, entry);
    };
    for (const [name, c] of classes) if (c.defaultCode !== undefined) add(c.defaultCode, name, c.description);
    for (const file of files) {
        visit(parse(root, file), (node) => {
            if (!ts.isNewExpression(node) || !ts.isIdentifier(node.expression)) return;
            const cls = node.expression.text;
            const args = node.arguments ?? [];
            if (cls === BASE_CLASS) {
                // `new ApiError("InternalError", 500, ...)`: the base class takes code and status directly.
                const [codeArg, statusArg, messageArg] = args;
                if (codeArg && statusArg && ts.isStringLiteral(codeArg) && ts.isNumericLiteral(statusArg)) {
                    const entry = found.get(codeArg.text) ?? { code: codeArg.text, status: Number(statusArg.text), className: cls, description: literalText(messageArg) ?? "", thrownIn: [] };
                    if (!entry.thrownIn.includes(file)) entry.thrownIn.push(file);
                    found.set(codeArg.text, entry);
                }
                return;
            }
            const index = classes.get(cls)?.codeParam;
            const codeArg = index === undefined ? undefined : args[index];
            if (codeArg === undefined) return;
            if (!ts.isStringLiteralLike(codeArg)) {
                // A computed code would silently drop out of the reference; fail instead so the reference stays whole.
                const { line } = node.getSourceFile().getLineAndCharacterOfPosition(codeArg.getStart());
                throw new Error(`${file}:${line + 1} passes ${cls} a code that is not a string literal; the error reference can only list literal codes`);
            }
            add(codeArg.text, cls, literalText(args[0]) ?? "", file);
        });
    }
    return [...found.values()].sort((a, b) => a.status - b.status || a.code.localeCompare(b.code));
}

/** The classes that extend the base error, directly or not, with the status and code each passes to `super`. */
function readErrorClasses(source: TypeScript.SourceFile): Map<string, ErrorClass> {
    const classes = new Map<string, ErrorClass>();
    for (const stmt of source.statements) {
        if (!ts.isClassDeclaration(stmt) || !stmt.name) continue;
        const parent = stmt.heritageClauses?.[0]?.types[0]?.expression;
        if (!parent || !ts.isIdentifier(parent) || (parent.text !== BASE_CLASS && !classes.has(parent.text))) continue;
        const ctor = stmt.members.find(ts.isConstructorDeclaration);
        const superCall = ctor?.body?.statements
            .map((s) => (ts.isExpressionStatement(s) && ts.isCallExpression(s.expression) && s.expression.expression.kind === ts.SyntaxKind.SuperKeyword ? s.expression : undefined))
            .find((c) => c !== undefined);
        const [codeArg, statusArg] = superCall?.arguments ?? [];
        if (!ctor || !codeArg || !statusArg || !ts.isNumericLiteral(statusArg)) continue;
        const cls: ErrorClass = { status: Number(statusArg.text), description: tsDoc(stmt, source) };
        if (ts.isStringLiteral(codeArg)) cls.defaultCode = codeArg.text;
        if (ts.isIdentifier(codeArg)) {
            // `constructor(message: string, code = "Conflict")`: the code is a parameter with a default.
            const index = ctor.parameters.findIndex((p) => ts.isIdentifier(p.name) && p.name.text === codeArg.text);
            const initializer = ctor.parameters[index]?.initializer;
            if (index >= 0) cls.codeParam = index;
            if (initializer && ts.isStringLiteral(initializer)) cls.defaultCode = initializer.text;
        }
        classes.set(stmt.name.text, cls);
    }
    return classes;
}

/** The class's TSDoc without its leading `400:` status, which the reference shows in its own column. */
function tsDoc(node: TypeScript.Node, source: TypeScript.SourceFile): string {
    const ranges = ts.getLeadingCommentRanges(source.text, node.pos) ?? [];
    const last = ranges[ranges.length - 1];
    if (!last) return "";
    const text = source.text.slice(last.pos, last.end).replace(/^\/\*\*|\*\/$/g, "").replace(/^\s*\* ?/gm, "").trim();
    const plain = text.replace(/^\d{3}:\s*/, "");
    return plain.charAt(0).toUpperCase() + plain.slice(1);
}

/** The text of a string or template literal, with `${...}` shown as `…`. */
function literalText(node: TypeScript.Node | undefined): string | undefined {
    if (!node) return undefined;
    if (ts.isStringLiteralLike(node)) return node.text;
    if (ts.isTemplateExpression(node)) return node.head.text + node.templateSpans.map((s) => `…${s.literal.text}`).join("");
    return undefined;
}

function parse(root: string, file: string): TypeScript.SourceFile {
    return ts.createSourceFile(file, fs.readFileSync(path.join(root, file), "utf8"), ts.ScriptTarget.ES2022, true);
}

function visit(node: TypeScript.Node, fn: (node: TypeScript.Node) => void): void {
    fn(node);
    ts.forEachChild(node, (child) => visit(child, fn));
}

/** Repository-relative `.ts` files under `dir`, sorted so the reference is deterministic. */
function sourceFiles(root: string, dir: string): string[] {
    const out: string[] = [];
    for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
        const rel = path.join(dir, entry.name);
        if (entry.isDirectory()) out.push(...sourceFiles(root, rel));
        else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")) out.push(rel);
    }
    return out.sort();
}
