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

/**
 * Scores are quotients of floating-point figures: a measurement exactly on its target may come out a rounding
 * error above 1 (`(0.1 * 3) / 0.3` is 1.0000000000000002), and is met all the same.
 */
const SCORE_TOLERANCE = 1e-9;

/** True when the check's target is met, a value equal to its target included. */
export const met = (c: Check): boolean => c.score <= 1 + SCORE_TOLERANCE;

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

/** The chart's scale ends here: a score past it is drawn to the end with a break mark, its value in the label. */
export const CHART_MAX_SCORE = 4;

/**
 * A horizontal bar chart of every check on one scale: the share of its target used, with the target at 1.0 (a
 * dashed line). The scale runs to the largest score, at least 2 and at most {@link CHART_MAX_SCORE}; a longer bar
 * ends in a white break mark instead of being clipped silently. The measured values sit in their own column right
 * of the scale, so no label crosses the target line. Hand-written SVG: no library, renders anywhere (GitHub, a
 * browser, an image viewer).
 */
export function chartSvg(checks: readonly Check[], title: string): string {
    const rowH = 26;
    const labelW = 360;
    const barW = 420;
    const valueX = labelW + barW + 16;
    const top = 48;
    const max = Math.max(2, ...checks.map((c) => Math.min(c.score, CHART_MAX_SCORE)));
    const x = (v: number) => labelW + (Math.min(v, max) / max) * barW;
    const height = top + checks.length * rowH + 40;
    const width = valueX + 300;
    const rows = checks.map((c, i) => {
        const y = top + i * rowH;
        const colour = met(c) ? "#2e7d32" : "#c62828";
        const end = x(c.score);
        // Two white strokes across the bar's end: the axis break of a value past the scale.
        const broken = c.score > max
            ? [0, 7].map((dx) => `<line class="break" x1="${(end - 14 + dx).toFixed(1)}" y1="${y + 22}" x2="${(end - 8 + dx).toFixed(1)}" y2="${y + 2}" stroke="#fff" stroke-width="3"/>`).join("")
            : "";
        return [
            `<text x="${labelW - 8}" y="${y + 17}" text-anchor="end">${escapeXml(c.name)}</text>`,
            `<rect x="${labelW}" y="${y + 5}" width="${Math.max(1, end - labelW).toFixed(1)}" height="${rowH - 10}" fill="${colour}"/>`,
            broken,
            `<text x="${valueX}" y="${y + 17}">${escapeXml(`${c.measured} (${c.target})${c.score > max ? `, ${c.score.toFixed(1)} of the target: past the scale` : ""}`)}</text>`,
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
        `<text x="12" y="${height - 12}" fill="#555">Bar length: share of the target used (1.0 = exactly on target, met; left of the dashed line is met). Green met, red not met; a white break mark: past ${max.toFixed(1)}, not to scale.</text>`,
        `</svg>`,
        "",
    ].join("\n");
}
