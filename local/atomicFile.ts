import * as fs from "fs";
import * as path from "path";

/**
 * Writes `file` whole or not at all: the content goes to a temporary file beside it, renamed over the target, so a
 * concurrent process (another test file, a second `npm start`) never reads half of it. Creates the folder.
 *
 * @param file - the target path.
 * @param data - its content.
 */
export function writeFileAtomically(file: string, data: string | Uint8Array): void {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, data);
    fs.renameSync(temporary, file);
}
