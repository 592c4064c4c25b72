/**
 * Every YAML file the repository ships parses strictly (YAML 1.2 core schema, duplicate keys refused), and the
 * Pulumi project files hold what the Pulumi CLI accepts: an unparsable `Pulumi.yaml` stops every `pulumi` command
 * and every workflow before anything else runs.
 */
import { expect } from "chai";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import { policyProjectProblems, projectProblems, stackConfigProblems } from "./pulumiProject";

const ROOT = path.resolve(__dirname, "..", "..");

/** YAML files under version control (node_modules is never committed). */
const yamlFiles = () => execFileSync("git", ["ls-files", "*.yml", "*.yaml"], { cwd: ROOT, encoding: "utf8" })
    .split("\n").filter((f) => f !== "" && !f.includes("node_modules/"));

/** Strict parse: the core schema (no YAML 1.1 surprises such as `on` or `no` as booleans), duplicates refused. */
const strictLoad = (text: string, filename: string) => yaml.load(text, { schema: yaml.CORE_SCHEMA, json: false, filename });
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), "utf8");
const project = () => strictLoad(read("Pulumi.yaml"), "Pulumi.yaml") as { name: string; config?: Record<string, unknown> };

describe("YAML files", () => {
    it("include the project, both stacks, the policy pack and the workflows", () => {
        expect(yamlFiles()).to.include.members(["Pulumi.yaml", "Pulumi.dev.yaml", "Pulumi.prod.yaml",
            "policies/PulumiPolicy.yaml", ".github/workflows/pull-request.yml"]);
    });

    for (const file of yamlFiles()) {
        it(`${file} parses strictly to a mapping`, () => {
            const doc = strictLoad(read(file), file);
            expect(doc, file).to.be.an("object").that.is.not.an("array");
        });
    }

    it("the strict parse refuses the plain scalar with ': ' that once broke Pulumi.yaml, and duplicate keys", () => {
        expect(() => strictLoad("name: portcullis\ndescription: A gateway: CloudFront in front\n", "x.yaml"))
            .to.throw(/bad indentation of a mapping entry|mapping values are not allowed/);
        expect(() => strictLoad("name: a\nname: b\n", "x.yaml")).to.throw(/duplicated mapping key/);
    });
});

describe("Pulumi.yaml", () => {
    it("matches Pulumi's project schema and the CLI's config rules", () => {
        expect(projectProblems(project())).to.deep.equal([]);
        expect(project().name).to.equal("portcullis");
    });

    it("has a description that is one string", () => {
        expect((project() as { description?: unknown }).description).to.be.a("string").with.length.above(20);
    });

    for (const stack of ["dev", "prod"]) {
        it(`declares only config types that Pulumi.${stack}.yaml satisfies`, () => {
            const stackFile = strictLoad(read(`Pulumi.${stack}.yaml`), stack) as { config: Record<string, unknown> };
            expect(stackConfigProblems(project(), stackFile.config)).to.deep.equal([]);
        });
    }

    it("refuses what the CLI refuses: a bad name, a runtime object without name, a description that is a mapping", () => {
        expect(projectProblems({ name: "port cullis", runtime: "nodejs" })).to.deep.equal(['/name must match pattern "^[A-Za-z0-9_.-]+$"']);
        expect(projectProblems({ name: "p", runtime: { options: {} } })).to.include("/runtime must have required property 'name'");
        expect(projectProblems({ name: "p", runtime: "nodejs", description: { "A gateway": "CloudFront" } }))
            .to.deep.equal(["/description must be string,null"]);
        expect(projectProblems({ name: "p" })).to.deep.equal(["/ must have required property 'runtime'"]);
    });

    it("refuses config declarations the CLI refuses: object types, arrays without items, typed foreign keys, a wrong default", () => {
        const withConfig = (config: Record<string, unknown>) => projectProblems({ name: "portcullis", runtime: "nodejs", config });
        expect(withConfig({ "portcullis:edge": { type: "object" } })).to.include("/config/portcullis:edge/type must be equal to one of the allowed values");
        expect(withConfig({ "portcullis:emails": { type: "array" } })).to.include("/config/portcullis:emails must have required property 'items'");
        expect(withConfig({ "aws:region": { type: "string", value: "eu-west-1" } }))
            .to.deep.equal(["config 'aws:region' is not namespaced by the project: it may only give a 'value'"]);
        expect(withConfig({ "portcullis:protect": { type: "boolean", default: "yes" } }))
            .to.deep.equal(["config 'portcullis:protect' default is not of type 'boolean'"]);
        expect(withConfig({ "portcullis:protect": { type: "boolean", default: true, value: false } }))
            .to.deep.equal(["config 'portcullis:protect' cannot have both a 'default' and 'value' attribute"]);
    });

    it("refuses a stack whose value does not match a declared type, or that leaves a required key unset", () => {
        const declared = { name: "portcullis", config: { "portcullis:protect": { type: "boolean" }, "portcullis:n": { type: "integer", default: 1 } } };
        expect(stackConfigProblems(declared, { "portcullis:protect": "maybe", "portcullis:n": 2.5 })).to.deep.equal([
            "stack config 'portcullis:protect' must be of type 'boolean'",
            "stack config 'portcullis:n' must be of type 'integer'",
        ]);
        expect(stackConfigProblems(declared, {})).to.deep.equal(["stack is missing the required config 'portcullis:protect'"]);
    });
});

describe("policies/PulumiPolicy.yaml", () => {
    it("matches the CLI's policy pack project (runtime required, description a string)", () => {
        expect(policyProjectProblems(strictLoad(read("policies/PulumiPolicy.yaml"), "PulumiPolicy.yaml"))).to.deep.equal([]);
        expect(policyProjectProblems({ description: "no runtime" })).to.deep.equal(["/ must have required property 'runtime'"]);
    });
});
