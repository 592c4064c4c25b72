/** Escapes text for a Markdown table cell: HTML-significant characters and the cell separator. */
export function cell(value: string | number): string {
    return String(value).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\|/g, "\\|").replace(/\n/g, " ");
}

/** A GitHub-flavoured Markdown table; cells are escaped, so callers pass plain text. */
export function table(headers: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
    const line = (cells: readonly (string | number)[]) => `| ${cells.map(cell).join(" | ")} |`;
    return [line(headers), `| ${headers.map(() => "---").join(" | ")} |`, ...rows.map(line)].join("\n");
}

/** Inline code for a table cell or a sentence (backticks in the value are not expected in our data). */
export const code = (value: string): string => `\`${value}\``;

/** Replaces `{{name}}` placeholders; an unknown placeholder throws so a typo never ships as literal braces. */
export function fill(template: string, values: Readonly<Record<string, string>>): string {
    return template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
        const value = values[name];
        if (value === undefined) throw new Error(`Unknown placeholder {{${name}}} in a portal guide`);
        return value;
    });
}
