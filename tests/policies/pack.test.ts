import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { README, readmeCatalog, ruleCatalog, updateReadme } from "../../policies/offline/catalog";
import { ALL_RULES, RULE_MODULES, SEVERITY } from "../../policies/rules";
import { evaluatePolicies } from "../../policies/offline";
import { ALL_CASES } from "./cases";
import { FIXTURE_CONFIG, secureStack } from "./fixtures";

/** `<service>-<resource...>-<verb>-<thing...>`, lower-case words, one of the agreed verbs. */
const NAME = /^[a-z0-9]+(-[a-z0-9]+)*-(missing|disallow|enable|configure|enforce)(-[a-z0-9]+)+$/;

describe("policy pack", () => {
    // Each rule case runs its rule alone; this is where every rule meets every resource of both fixtures.
    for (const stack of ["dev", "prod"] as const) {
        it(`runs clean, every rule over every resource, on the secure ${stack} fixture`, () => {
            expect(evaluatePolicies(secureStack(stack), { stack, config: FIXTURE_CONFIG })).to.deep.equal([]);
        });
    }

    it("has at least 40 rules", () => {
        expect(ALL_RULES.length).to.be.at.least(40);
    });

    it("has unique rule names", () => {
        const names = ALL_RULES.map((r) => r.name);
        expect(names.filter((n, i) => names.indexOf(n) !== i)).to.deep.equal([]);
    });

    it("names every rule <service>-<resource>-<verb>-<thing>, prefixed by its module's service", () => {
        const bad = Object.entries(RULE_MODULES).flatMap(([module, rules]) => Object.values(rules)
            .filter((r) => !NAME.test(r.name) || !r.name.startsWith(`${module.split("-")[0]}-`)).map((r) => r.name));
        expect(bad).to.deep.equal([]);
    });

    it("registers every rule file of policies/rules", () => {
        const files = fs.readdirSync(path.join(__dirname, "../../policies/rules"))
            .filter((f) => f.endsWith(".ts") && f !== "index.ts").map((f) => f.replace(/\.ts$/, ""));
        expect(Object.keys(RULE_MODULES).sort()).to.deep.equal(files.sort());
    });

    it("exports only rules from the rule modules, each with the agreed constant name", () => {
        const misnamed = Object.values(RULE_MODULES).flatMap((rules) => Object.entries(rules)
            .filter(([constant, rule]) => constant !== rule.name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase()))
            .map(([constant]) => constant));
        expect(misnamed).to.deep.equal([]);
    });

    it("gives every rule a severity, a full-sentence description and remediation, and mandatory enforcement", () => {
        const bad = ALL_RULES.filter((r) => !["critical", "high", "medium", "low"].includes(String(r.severity))
            || !/^[A-Z].*\.$/.test(r.description) || !/^[A-Z].*\.$/.test(r.remediationSteps ?? "") || r.enforcementLevel !== "mandatory").map((r) => r.name);
        expect(bad).to.deep.equal([]);
        expect(Object.keys(SEVERITY)).to.have.length(ALL_RULES.length);
    });

    it("declares a default for every config property", () => {
        const missing = ALL_RULES.flatMap((r) => Object.entries(r.configSchema?.properties ?? {})
            .filter(([, schema]) => schema.default === undefined).map(([k]) => `${r.name}.${k}`));
        expect(missing).to.deep.equal([]);
    });

    it("has a test case with at least one failing variant for every rule", () => {
        const tested = new Set(Object.values(ALL_CASES).flat().filter((c) => c.variants.length > 0).map((c) => c.rule.name));
        expect(ALL_RULES.map((r) => r.name).filter((n) => !tested.has(n))).to.deep.equal([]);
    });

    it("lists every rule with its severity in the README, exactly as the code declares them", () => {
        const listed = readmeCatalog(fs.readFileSync(README, "utf8"));
        // On failure, run `npm run policy -- --update-readme`.
        expect(listed).to.equal(ruleCatalog());
        expect(listed).to.not.equal(undefined);
        expect(listed?.match(/^\| `[a-z0-9-]+` \| (baseline|convention) \| (critical|high|medium|low) \|/gm)).to.have.length(ALL_RULES.length);
    });

    it("writes the generated rule list into a README in place of a stale one, and leaves a current one alone", () => {
        const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "policy-readme-")), "README.md");
        fs.writeFileSync(file, "# Pack\n\n<!-- rules:begin -->\n| stale |\n<!-- rules:end -->\nAfter.\n");
        expect(updateReadme(file)).to.equal(true);
        expect(fs.readFileSync(file, "utf8")).to.equal(`# Pack\n\n<!-- rules:begin -->\n${ruleCatalog()}\n<!-- rules:end -->\nAfter.\n`);
        expect(updateReadme(file)).to.equal(false);
    });
});
