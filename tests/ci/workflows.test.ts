import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";

const DIR = path.resolve(__dirname, "..", "..", ".github", "workflows");

interface Step { uses?: string; run?: string; name?: string; with?: Record<string, unknown> }
interface Job { steps: Step[]; environment?: string; needs?: string | string[]; strategy?: { matrix?: Record<string, unknown[]> } }
interface Workflow { on: Record<string, unknown>; jobs: Record<string, Job> }

const load = (file: string) => yaml.load(fs.readFileSync(path.join(DIR, file), "utf8")) as Workflow;
const pulumiSteps = (wf: Workflow) =>
    Object.entries(wf.jobs).flatMap(([job, j]) => j.steps.filter((s) => s.uses?.startsWith("pulumi/actions@")).map((step) => ({ job, step })));

describe(".github/workflows", () => {
    const files = fs.readdirSync(DIR).filter((f) => f.endsWith(".yml"));

    it("has the pull-request, deploy-dev and deploy-prod workflows", () => {
        expect(files.sort()).to.deep.equal(["deploy-dev.yml", "deploy-prod.yml", "pull-request.yml"]);
    });

    it("runs every pulumi preview and up with the policy pack", () => {
        const steps = files.flatMap((f) => pulumiSteps(load(f)).map((s) => ({ file: f, ...s })));
        expect(steps.length).to.equal(4);
        for (const { file, job, step } of steps) {
            expect(step.with?.policyPacks, `${file} ${job}`).to.equal("policies");
            expect(["preview", "up"]).to.include(step.with?.command);
        }
    });

    it("installs the policy pack's dependencies before every pulumi step", () => {
        for (const file of files) {
            for (const [job, j] of Object.entries(load(file).jobs)) {
                const pulumiAt = j.steps.findIndex((s) => s.uses?.startsWith("pulumi/actions@"));
                if (pulumiAt < 0) continue;
                const installAt = j.steps.findIndex((s) => s.run === "npm install --prefix policies --no-audit --no-fund");
                expect(installAt, `${file} ${job}`).to.be.within(0, pulumiAt - 1);
            }
        }
    });

    it("previews both stacks on pull requests, after the tests, commenting on the PR", () => {
        const wf = load("pull-request.yml");
        expect(Object.keys(wf.on)).to.deep.equal(["pull_request"]);
        const preview = wf.jobs.preview;
        expect(preview.needs).to.equal("test");
        expect(preview.strategy?.matrix?.stack).to.deep.equal(["dev", "prod"]);
        const [{ step }] = pulumiSteps({ ...wf, jobs: { preview } });
        expect(step.with).to.include({ command: "preview", "comment-on-pr": true });
        expect(String(step.with?.["stack-name"])).to.match(/\/portcullis\/\$\{\{ matrix\.stack \}\}$/);
        expect(wf.jobs.test.steps.map((s) => s.run).filter(Boolean)).to.deep.equal(["bash .ci/run", "npm run policy -- dev", "npm run policy -- prod"]);
    });

    it("publishes API Gateway's SDKs to the portal right after every pulumi up", () => {
        for (const [file, stack] of [["deploy-dev.yml", "dev"], ["deploy-prod.yml", "prod"]]) {
            const steps = load(file).jobs.up.steps;
            const up = steps.findIndex((s) => s.uses?.startsWith("pulumi/actions@") && s.with?.command === "up");
            expect(steps[up + 1]?.run, file).to.equal(`scripts/publish-sdks.sh \${{ vars.PULUMI_ORG }}/portcullis/${stack}`);
        }
    });

    it("deploys dev on pushes to main only", () => {
        const wf = load("deploy-dev.yml");
        expect(wf.on).to.deep.equal({ push: { branches: ["main"] } });
        const steps = pulumiSteps(wf);
        expect(steps.map((s) => [s.step.with?.command, String(s.step.with?.["stack-name"]).split("/").pop()])).to.deep.equal([["up", "dev"]]);
    });

    it("deploys prod only by hand, through the approved production environment, after a preview", () => {
        const wf = load("deploy-prod.yml");
        expect(Object.keys(wf.on)).to.deep.equal(["workflow_dispatch"]);
        expect(wf.jobs.up.environment).to.equal("production");
        expect(wf.jobs.up.needs).to.equal("preview");
        expect(pulumiSteps(wf).map((s) => `${s.job}:${s.step.with?.command}`)).to.deep.equal(["preview:preview", "up:up"]);
        expect(wf.jobs.preview.steps.some((s) => s.run === "git merge-base --is-ancestor HEAD origin/main")).to.equal(true);
    });
});
