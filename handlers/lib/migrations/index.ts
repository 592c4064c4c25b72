import { createHash } from "crypto";
import { readdirSync, readFileSync } from "fs";
import { join } from "path";

/** One schema change: an ordered id (the file name without `.sql`), its statements and a checksum of the file. */
export interface Migration {
    id: string;
    statements: string[];
    checksum: string;
}

/**
 * Splits a migration file into statements: `;` at the end of a line ends one; `--` comment lines are dropped.
 * Migrations are our own files, so this simple rule is enough: no dollar-quoted bodies, no `;` mid-line. The Data
 * API runs one statement per call, hence the split.
 */
export function splitStatements(text: string): string[] {
    const statements: string[] = [];
    let current: string[] = [];
    for (const line of text.split("\n")) {
        if (/^\s*--/.test(line) || (line.trim() === "" && current.length === 0)) continue;
        current.push(line);
        if (/;\s*$/.test(line)) {
            statements.push(current.join("\n").trim().replace(/;$/, ""));
            current = [];
        }
    }
    if (current.join("").trim() !== "") throw new Error("A migration must end each statement with ';' at the end of a line");
    return statements;
}

/**
 * Reads the `.sql` files of `dir` in name order. Called when the program loads, so the migrations become plain
 * values captured by the migrate function's closure: they ship inside its serialized code, with no file to include.
 */
export function loadMigrations(dir: string = __dirname): Migration[] {
    return readdirSync(dir)
        .filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f))
        .sort()
        .map((file) => {
            const text = readFileSync(join(dir, file), "utf8");
            return { id: file.replace(/\.sql$/, ""), statements: splitStatements(text), checksum: createHash("sha256").update(text).digest("hex") };
        });
}

/** The project's migrations, in order. */
export const MIGRATIONS: readonly Migration[] = Object.freeze(loadMigrations());
