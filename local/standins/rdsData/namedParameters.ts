/** SQL with `:name` placeholders rewritten to PostgreSQL's `$n`, and the name behind each position. */
export interface PositionalSql {
    /** The statement with every placeholder replaced by `$1`, `$2`, ... (a name used twice keeps one number). */
    readonly text: string;
    /** `names[i]` is the parameter bound to `$(i + 1)`. */
    readonly names: readonly string[];
}

const IDENT_START = /[A-Za-z_]/;
const IDENT_PART = /[A-Za-z0-9_]/;
const DOLLAR_TAG = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/;

/**
 * Rewrites the Data API's named placeholders (`:name`) into PGlite's positional form.
 *
 * A colon is a placeholder only in plain SQL text: not in `'strings'`, `E'strings'`, `"identifiers"`,
 * `$tag$dollar quotes$tag$`, `-- line` or nested `/* block *\/` comments, and never as part of a `::` cast.
 *
 * @param sql - the statement as the client sent it.
 */
export function toPositional(sql: string): PositionalSql {
    const names: string[] = [];
    let out = "";
    let i = 0;
    while (i < sql.length) {
        const skipped = skipQuotedOrComment(sql, i);
        if (skipped > i) {
            out += sql.slice(i, skipped);
            i = skipped;
            continue;
        }
        const ch = sql[i];
        if (ch === ":" && sql[i + 1] === ":") {
            out += "::";
            i += 2;
        } else if (ch === ":" && IDENT_START.test(sql[i + 1] ?? "")) {
            let end = i + 2;
            while (end < sql.length && IDENT_PART.test(sql[end])) end++;
            const name = sql.slice(i + 1, end);
            let index = names.indexOf(name);
            if (index < 0) index = names.push(name) - 1;
            out += `$${index + 1}`;
            i = end;
        } else {
            out += ch;
            i++;
        }
    }
    return { text: out, names };
}

/** Returns the index just past a quoted token or comment starting at `i`, or `i` when none starts there. */
function skipQuotedOrComment(sql: string, i: number): number {
    const ch = sql[i];
    const next = sql[i + 1];
    if (ch === "'") return skipQuoted(sql, i + 1, "'", isEscapeString(sql, i));
    if (ch === '"') return skipQuoted(sql, i + 1, '"', false);
    if (ch === "-" && next === "-") {
        const end = sql.indexOf("\n", i);
        return end < 0 ? sql.length : end;
    }
    if (ch === "/" && next === "*") return skipBlockComment(sql, i);
    if (ch === "$") {
        const tag = DOLLAR_TAG.exec(sql.slice(i));
        // `$1` is a positional parameter, not a dollar quote; DOLLAR_TAG only matches `$$` and `$tag$`.
        if (tag && !isIdentifierChar(sql[i - 1])) {
            const end = sql.indexOf(tag[0], i + tag[0].length);
            return end < 0 ? sql.length : end + tag[0].length;
        }
    }
    return i;
}

/** `E'...'` strings honour backslash escapes, so `E'it\'s'` does not end at the escaped quote. */
function isEscapeString(sql: string, quote: number): boolean {
    const prefix = sql[quote - 1];
    return (prefix === "E" || prefix === "e") && !isIdentifierChar(sql[quote - 2]);
}

function isIdentifierChar(ch: string | undefined): boolean {
    return ch !== undefined && IDENT_PART.test(ch);
}

function skipQuoted(sql: string, start: number, quote: string, backslashEscapes: boolean): number {
    let i = start;
    while (i < sql.length) {
        if (backslashEscapes && sql[i] === "\\") {
            i += 2;
        } else if (sql[i] === quote) {
            // A doubled quote is an escaped quote inside the token, not its end.
            if (sql[i + 1] !== quote) return i + 1;
            i += 2;
        } else {
            i++;
        }
    }
    return sql.length;
}

function skipBlockComment(sql: string, start: number): number {
    let depth = 0;
    let i = start;
    while (i < sql.length) {
        if (sql[i] === "/" && sql[i + 1] === "*") {
            depth++;
            i += 2;
        } else if (sql[i] === "*" && sql[i + 1] === "/") {
            depth--;
            i += 2;
            if (depth === 0) return i;
        } else {
            i++;
        }
    }
    return sql.length;
}
