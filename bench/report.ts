/** One target of the benchmark and how the run fared against it. */
export interface Check {
    /** What is measured, e.g. `cold start, authorizer / hello-world`. */
    name: string;
    /** The measured ratio as shown, e.g. `1.21x`. */
    measured: string;
    /** The target as shown, e.g. `<= 1.3x`. */
    target: string;
    /** The share of the target used: at most 1 when met (for `>=` targets, target over measured). */
    score: number;
    /** Why a missed target was missed, and what would meet it. */
    explanation?: string;
}

export const met = (c: Check): boolean => c.score <= 1;

/** `x` with two decimals and a trailing `x`. */
export const ratio = (x: number): string => `${x.toFixed(2)}x`;

/** The checks as a Markdown table, with the explanations of missed ones below it. */
export function checksTable(checks: readonly Check[]): string {
    const rows = checks.map((c) => `| ${c.name} | ${c.measured} | ${c.target} | ${met(c) ? "MET" : "**NOT MET**"} |`);
    const missed = checks.filter((c) => !met(c) && c.explanation !== undefined).map((c) => `- **${c.name}**: ${c.explanation}`);
    return ["| target | measured | wanted | result |", "|---|---|---|---|", ...rows, ...(missed.length > 0 ? ["", "Not met, and why:", "", ...missed] : [])].join("\n");
}

/** A Markdown table from a header and rows. */
export function table(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
    return [`| ${header.join(" | ")} |`, `|${header.map(() => "---").join("|")}|`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n");
}

const escapeXml = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/**
 * A horizontal bar chart of every check on one scale: the share of its target used, with the target at 1.0.
 * Hand-written SVG: no library, renders anywhere (GitHub, a browser, an image viewer).
 */
export function chartSvg(checks: readonly Check[], title: string): string {
    const rowH = 26;
    const labelW = 360;
    const barW = 420;
    const top = 48;
    const max = Math.max(2, ...checks.map((c) => Math.min(c.score, 4)));
    const x = (v: number) => labelW + (Math.min(v, max) / max) * barW;
    const height = top + checks.length * rowH + 40;
    const width = labelW + barW + 150;
    const rows = checks.map((c, i) => {
        const y = top + i * rowH;
        const colour = met(c) ? "#2e7d32" : "#c62828";
        return [
            `<text x="${labelW - 8}" y="${y + 17}" text-anchor="end">${escapeXml(c.name)}</text>`,
            `<rect x="${labelW}" y="${y + 5}" width="${Math.max(1, x(c.score) - labelW).toFixed(1)}" height="${rowH - 10}" fill="${colour}"/>`,
            `<text x="${(x(c.score) + 6).toFixed(1)}" y="${y + 17}">${escapeXml(`${c.measured} (${c.target})`)}</text>`,
        ].join("");
    });
    const ticks = [0, 1, max].map((v) => `<text x="${x(v).toFixed(1)}" y="${top - 8}" text-anchor="middle">${v === 1 ? "target" : v.toFixed(v === 0 ? 0 : 1)}</text>`);
    return [
        `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
        `<rect width="100%" height="100%" fill="#ffffff"/>`,
        `<text x="12" y="20" font-size="14" font-weight="bold">${escapeXml(title)}</text>`,
        ...ticks,
        ...rows,
        `<line x1="${x(1).toFixed(1)}" y1="${top - 4}" x2="${x(1).toFixed(1)}" y2="${top + checks.length * rowH}" stroke="#000" stroke-dasharray="4 3"/>`,
        `<text x="12" y="${height - 12}" fill="#555">Bar length: share of the target used (1.0 = exactly on target; left of the dashed line is met). Green met, red not met.</text>`,
        `</svg>`,
        "",
    ].join("\n");
}
