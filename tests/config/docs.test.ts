import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import { MARKERS, pulumiDeclarations, pulumiYamlBlock, readmeTable, replaceBetween } from "../../config/docs";
import { defaultOf } from "../../config/fields";
import { Reader } from "../../config/reader";
import { PROJECT_ROOT } from "../../config/project";
import { allFields } from "../../config/table";

const read = (file: string) => fs.readFileSync(path.join(PROJECT_ROOT, file), "utf8");

describe("config/docs", () => {
    it("the README's config table is the one config/table.ts generates (npm run config-docs)", () => {
        const readme = read("README.md");
        expect(replaceBetween(readme, MARKERS.readme, readmeTable(), "README.md")).to.equal(readme);
    });

    it("Pulumi.yaml declares exactly the table's scalar top-level keys (npm run config-docs)", () => {
        const text = read("Pulumi.yaml");
        expect(replaceBetween(text, MARKERS.pulumiYaml, pulumiYamlBlock(), "Pulumi.yaml")).to.equal(text);
        const declared = Object.entries((yaml.load(text) as { config: Record<string, unknown> }).config).filter(([key]) => key.startsWith("portcullis:"));
        expect(Object.fromEntries(declared)).to.deep.equal(pulumiDeclarations());
        expect(pulumiDeclarations()).to.deep.equal({
            "portcullis:protect": { type: "boolean", default: true, description: "Protect stateful resources from deletion in Pulumi and at the service." },
        });
    });

    it("refuses to write a file that lost its markers, naming them", () => {
        expect(() => replaceBetween("no markers here", MARKERS.readme, "x", "README.md")).to.throw(`README.md lacks the generated block's markers:\n${MARKERS.readme[0]}`);
    });

    describe("the table", () => {
        for (const [key, field] of allFields()) {
            const fallback = defaultOf(field, "test");
            if (fallback === undefined) continue;
            it(`${key}'s default passes its own validation`, () => {
                const r = new Reader();
                expect(field.read(r, key, fallback, undefined)).to.deep.equal(fallback);
                expect(r.problems).to.deep.equal([]);
            });
        }

        // The README's "allowed" column is the error's own words, so the two cannot drift apart.
        for (const [key, field] of allFields().filter(([, f]) => ["integer", "number", "boolean", "string"].includes(f.kind) && !f.secret)) {
            it(`${key} refuses a value of the wrong type with the allowed values the README shows`, () => {
                const r = new Reader();
                field.read(r, key, { wrong: true }, undefined);
                expect(r.problems).to.deep.equal([`${key} must be ${field.allowed}; got {"wrong":true}`]);
            });
        }
    });
});
