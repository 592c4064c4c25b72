import { expect } from "chai";
import { chartSvg, checksTable, met, type Check } from "../../proof/bench/report";
import { packageChecks } from "../../proof/bench/findings";
import { startupSection, withStartupSection, type StartupFigures } from "../../proof/bench/startup";

/** A check with only what the chart reads. */
const check = (name: string, score: number): Check => ({ name, measured: `${score}x`, target: "<= 1x", score });

/** The bars of a chart, in row order: width and colour. */
function bars(svg: string): Array<{ width: number; fill: string }> {
    return [...svg.matchAll(/<rect x="360" y="[\d.]+" width="([\d.]+)" height="16" fill="(#[0-9a-f]+)"\/>/g)].map((m) => ({ width: Number(m[1]), fill: m[2] }));
}

/** The x of the dashed target line. */
const targetX = (svg: string): number => Number(/<line x1="([\d.]+)"[^>]*stroke-dasharray/.exec(svg)![1]);

describe("bench/report.ts: the chart and table of checks", () => {
    it("draws a value equal to its target as met, a floating-point rounding error above it included", () => {
        const onTarget = check("on target", (0.1 * 3) / 0.3);
        expect(onTarget.score).to.be.above(1);
        expect(met(onTarget)).to.equal(true);
        expect(met(check("just over", 1.001))).to.equal(false);
        const svg = chartSvg([onTarget, check("exact", 1), check("over", 1.5)], "t");
        expect(bars(svg).map((b) => b.fill)).to.deep.equal(["#2e7d32", "#2e7d32", "#c62828"]);
        // The bar of a value on target ends on the target line.
        expect(360 + bars(svg)[1].width).to.be.closeTo(targetX(svg), 0.1);
        expect(checksTable([onTarget])).to.include("| on target | 1.0000000000000002x | <= 1x | MET |");
    });

    it("ends a bar past 4x at the scale's end with a break mark, and says its value", () => {
        const svg = chartSvg([check("fine", 0.5), check("far off", 9.3)], "t");
        const [fine, far] = bars(svg);
        expect(far.width).to.equal(420);
        expect(fine.width).to.be.closeTo((0.5 / 4) * 420, 0.1);
        expect(svg.match(/class="break"/g)).to.have.length(2);
        expect(svg).to.include("9.3x (&lt;= 1x), 9.3 of the target: past the scale");
        expect(svg).to.include(">4.0</text>");
    });

    it("draws no break mark when every bar fits the scale", () => {
        const svg = chartSvg([check("a", 0.2), check("b", 3.9)], "t");
        expect(svg).to.not.include('class="break"');
        expect(bars(svg)[1].width).to.be.closeTo((3.9 / 3.9) * 420, 0.1);
    });

    it("puts every value label right of the scale, so none crosses the target line", () => {
        const svg = chartSvg([check("just under", 0.95), check("just over", 1.05), check("long", 3)], "t");
        const labelXs = [...svg.matchAll(/<text x="([\d.]+)" y="[\d.]+">[^<]*\(&lt;= 1x\)/g)].map((m) => Number(m[1]));
        expect(labelXs).to.have.length(3);
        for (const lx of labelXs) expect(lx).to.be.above(360 + 420);
        expect(targetX(svg)).to.be.below(360 + 420);
    });
});

describe("bench/startup.ts: the start-up section of the report", () => {
    const figures = (warmReady: number, npmStart?: number): StartupFigures => ({
        loadAverage: 4.2,
        runs: [
            { cache: "cold", phases: { options: 0, modules: 3, program: 7.1, "stand-ins": 9, functions: 1.8, seed: 0.8, ready: 16.2, "npm start": 16.6 } },
            { cache: "warm", phases: { options: 0, modules: 3, program: 0.2, ready: warmReady, ...(npmStart === undefined ? {} : { "npm start": npmStart }) } },
        ],
    });

    it("tabulates each run's phases and judges the warm start against 5 s", () => {
        const section = startupSection(figures(4.9), "2026-12-02");
        expect(section).to.include("| cold | 0.0 | 3.0 | 7.1 | 9.0 | 1.8 | 0.8 | 16.2 | 16.6 |");
        expect(section).to.include("| warm | 0.0 | 3.0 | 0.2 | - | - | - | 4.9 | - |");
        expect(section).to.include("| ready on a warm cache | 4.9 s | < 5 s | MET |");
        const missed = startupSection(figures(5), "d");
        expect(missed).to.include("| ready on a warm cache | 5.0 s | < 5 s | **NOT MET** |");
        expect(missed).to.include("Not met: with the program read from the cache (0.2 s), the start is modules 3.0 s, program 0.2 s, options 0.0 s;");
        expect(section).to.not.include("Not met");
    });

    it("judges on the wait from spawning npm start where measured, npm's own start included", () => {
        const waited = startupSection(figures(4.6, 5.1), "d");
        expect(waited).to.include("| warm | 0.0 | 3.0 | 0.2 | - | - | - | 4.6 | 5.1 |");
        expect(waited).to.include("| ready on a warm cache | 5.1 s | < 5 s | **NOT MET** |");
        expect(startupSection(figures(4.2, 4.9), "d")).to.include("| ready on a warm cache | 4.9 s | < 5 s | MET |");
    });

    it("replaces the section in place, or appends it, leaving the other sections untouched", () => {
        const report = "# R\n\n## A\n\na\n\n## B\n\nb\n";
        const once = withStartupSection(report, "## Start-up (x)\n\none\n");
        expect(once).to.equal("# R\n\n## A\n\na\n\n## B\n\nb\n\n## Start-up (x)\n\none\n");
        const middle = "# R\n\n## Start-up (x)\n\nold\n\n## B\n\nb\n";
        expect(withStartupSection(middle, "## Start-up (x)\n\nnew\n")).to.equal("# R\n\n## Start-up (x)\n\nnew\n\n## B\n\nb\n");
        expect(withStartupSection(once, "## Start-up (x)\n\ntwo\n")).to.equal("# R\n\n## A\n\na\n\n## B\n\nb\n\n## Start-up (x)\n\ntwo\n");
    });
});

describe("bench/findings.ts: cold-start checks against the baseline that makes the same calls", () => {
    const machine = { cores: 2, cpu: "test", node: "v20", platform: "linux", loadAverage: 0.2, summary: "2 cores" };
    const fig = (name: string, clients: string[], calls: string[], ms: number, load: number, first: number) => ({
        name, clients, calls, bytes: 2048, indexBytes: 1024, files: 2, usesAwsClients: clients.length > 0, answer: "200",
        coldStartMs: [ms, ms + 1, ms - 1], phases: { boot: [60, 60, 60], load: [load, load, load], first: [first, first, first] },
    });
    const functions = [
        fig("hello-world", [], [], 100, 1, 3),
        fig("hello-world+dynamodb+s3 calling dynamodb", ["@aws-sdk/client-dynamodb", "@aws-sdk/client-s3"], ["@aws-sdk/client-dynamodb"], 200, 100, 30),
        fig("imageUpload", ["@aws-sdk/client-dynamodb", "@aws-sdk/client-s3"], ["@aws-sdk/client-dynamodb"], 260, 120, 70),
    ];

    it("compares a function with the hello-world loading its clients and calling those its first request called, and explains the gap from the phases", () => {
        const c = packageChecks(functions, machine).find((x) => x.name.startsWith("cold start imageUpload"))!;
        expect(c.name).to.equal("cold start imageUpload / hello-world+dynamodb+s3 calling dynamodb");
        expect(c.measured).to.equal("1.30x");
        expect(met(c)).to.equal(false);
        expect(c.explanation).to.include("60.00 ms over").and.include("Loading adds 20.00 ms").and.include("The first request adds 40.00 ms")
            .and.include("one minimal call each through dynamodb").and.include("The larger part is the first request");
    });
});
