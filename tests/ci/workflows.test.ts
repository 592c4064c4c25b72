/**
 * The GitHub workflows, parsed: the rules of the README's runbook that would otherwise regress silently.
 * Preview with the policy pack on every pull request (offline for forks), prod deployed from exactly the commit
 * that was previewed and approved, the pack installed with `npm ci`, no long-lived AWS or Pulumi credentials,
 * `id-token: write` only on the jobs that assume a role.
 */
import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";

const ROOT = path.resolve(__dirname, "..", "..");
const DIR = path.join(ROOT, ".github", "workflows");

interface Step { uses?: string; run?: string; name?: string; id?: string; if?: string; with?: Record<string, unknown>; env?: Record<string, string> }
interface Job {
    steps: Step[];
    if?: string;
    environment?: string;
    needs?: string | string[];
    permissions?: Record<string, string>;
    outputs?: Record<string, string>;
    concurrency?: { group: string; "cancel-in-progress"?: boolean };
    strategy?: { matrix?: Record<string, unknown[]> };
}
interface Workflow { on: Record<string, unknown>; permissions?: Record<string, string>; jobs: Record<string, Job> }

const text = (file: string) => fs.readFileSync(path.join(DIR, file), "utf8");
const load = (file: string) => yaml.load(text(file)) as Workflow;
const FILES = fs.readdirSync(DIR).filter((f) => f.endsWith(".yml")).sort();
const jobsOf = () => FILES.flatMap((file) => Object.entries(load(file).jobs).map(([name, job]) => ({ file, name, job })));
const isPulumi = (s: Step) => s.uses?.startsWith("pulumi/actions@") === true;
const indexOf = (job: Job, test: (s: Step) => boolean) => job.steps.findIndex(test);
const PREVIEW_ROLE = "${{ vars.AWS_PREVIEW_ROLE_ARN }}";
const DEPLOY_ROLE = "${{ vars.AWS_DEPLOY_ROLE_ARN }}";
const SAME_REPO = "github.event.pull_request.head.repo.full_name == github.repository";
const FORK = "github.event.pull_request.head.repo.full_name != github.repository";

describe(".github/workflows", () => {
    it("has the pull-request and deploy workflows", () => {
        expect(FILES).to.deep.equal(["deploy.yml", "pull-request.yml"]);
    });

    it("runs every pulumi preview and up with the policy pack, and puts the policy section in the job summary", () => {
        const steps = jobsOf().flatMap(({ file, name, job }) => job.steps.filter(isPulumi).map((step) => ({ at: `${file} ${name}`, job, step })));
        expect(steps.map((s) => `${s.at}:${s.step.with?.command}`)).to.deep.equal([
            "deploy.yml dev:up", "deploy.yml prod-preview:preview", "deploy.yml prod:up", "pull-request.yml preview:preview",
        ]);
        for (const { at, job, step } of steps) {
            expect(step.with?.policyPacks, at).to.equal("policies");
            const summary = job.steps.find((s) => s.env?.PULUMI_OUTPUT === `\${{ steps.${step.id}.outputs.output }}`);
            expect(summary?.run, at).to.match(/^\.ci\/summary\.sh policy .*>> "\$GITHUB_STEP_SUMMARY"/);
            expect(summary?.if, at).to.equal(`always() && steps.${step.id}.outcome != 'skipped'`);
        }
    });

    it("installs the policy pack with npm ci from its lockfile before every pulumi step, and never with npm install", () => {
        expect(fs.existsSync(path.join(ROOT, "policies", "package-lock.json"))).to.equal(true);
        for (const { file, name, job } of jobsOf()) {
            expect(job.steps.filter((s) => /\bnpm (install|i)\b/.test(s.run ?? "")).map((s) => s.run), `${file} ${name}`).to.deep.equal([]);
            const pulumiAt = indexOf(job, isPulumi);
            if (pulumiAt < 0) continue;
            expect(indexOf(job, (s) => s.run === "npm ci --prefix policies --no-audit --no-fund"), `${file} ${name}`).to.be.within(0, pulumiAt - 1);
        }
    });

    it("previews dev and prod on every pull request from this repository, after the tests, commenting on the PR", () => {
        const wf = load("pull-request.yml");
        expect(Object.keys(wf.on)).to.deep.equal(["pull_request"]);
        const preview = wf.jobs.preview;
        expect(preview.needs).to.equal("test");
        expect(preview.if).to.equal(SAME_REPO);
        expect(preview.strategy?.matrix?.stack).to.deep.equal(["dev", "prod"]);
        const step = preview.steps.find(isPulumi);
        expect(step?.with).to.include({ command: "preview", "comment-on-pr": true, "stack-name": "${{ vars.PULUMI_ORG }}/portcullis/${{ matrix.stack }}" });
        expect(wf.jobs.test.steps.map((s) => s.run).filter(Boolean)).to.deep.equal(["bash .ci/run"]);
    });

    it("runs the pack offline on both stacks and the bootstrap for fork pull requests, and says so in the job summary", () => {
        const offline = load("pull-request.yml").jobs["preview-offline"];
        expect(offline.if).to.equal(FORK);
        expect(offline.permissions).to.equal(undefined);
        expect(offline.steps.some((s) => isPulumi(s) || s.uses?.startsWith("aws-actions/") || s.uses?.startsWith("pulumi/auth-actions"))).to.equal(false);
        const runs = offline.steps.map((s) => s.run ?? "");
        expect(runs).to.include('.ci/summary.sh offline dev prod bootstrap >> "$GITHUB_STEP_SUMMARY"');
        const notice = runs.find((r) => r.includes("Fork pull request"));
        expect(notice).to.include("neither secrets nor an OIDC token").and.include(">> \"$GITHUB_STEP_SUMMARY\"");
    });

    it("deploys dev on pushes to main, previews prod, then deploys prod through the production environment", () => {
        const wf = load("deploy.yml");
        expect(wf.on).to.deep.equal({ push: { branches: ["main"] } });
        expect(wf.jobs.dev.environment).to.equal("dev");
        expect(wf.jobs["prod-preview"].needs).to.equal("dev");
        expect(wf.jobs["prod-preview"].environment).to.equal(undefined);
        expect(wf.jobs.prod.needs).to.equal("prod-preview");
        expect(wf.jobs.prod.environment).to.equal("production");
        const stackOf = (job: string) => String(wf.jobs[job].steps.find(isPulumi)?.with?.["stack-name"]);
        expect(["dev", "prod-preview", "prod"].map(stackOf)).to.deep.equal(["dev", "prod", "prod"].map((s) => `\${{ vars.PULUMI_ORG }}/portcullis/${s}`));
    });

    it("deploys prod from exactly the previewed commit, and refuses when main moved while it waited for approval", () => {
        const wf = load("deploy.yml");
        for (const job of ["dev", "prod-preview"]) {
            expect(wf.jobs[job].steps[0], job).to.deep.include({ uses: "actions/checkout@v4", with: { ref: "${{ github.sha }}" } });
        }
        expect(wf.jobs["prod-preview"].outputs).to.deep.equal({ sha: "${{ steps.previewed.outputs.sha }}" });
        expect(wf.jobs["prod-preview"].steps.find((s) => s.id === "previewed")?.run).to.equal('echo "sha=$(git rev-parse HEAD)" >> "$GITHUB_OUTPUT"');
        const prod = wf.jobs.prod;
        expect(prod.steps[0]).to.deep.include({ uses: "actions/checkout@v4", with: { ref: "${{ needs.prod-preview.outputs.sha }}", "fetch-depth": 0 } });
        const guard = indexOf(prod, (s) => s.name === "Refuse unless this is the previewed commit and still the head of main");
        expect(guard).to.equal(1);
        expect(guard).to.be.below(indexOf(prod, isPulumi));
        expect(prod.steps[guard].env).to.deep.equal({ PREVIEWED: "${{ needs.prod-preview.outputs.sha }}" });
        expect(prod.steps[guard].run).to.include("git fetch --quiet origin main").and.include('[ "$head" != "$GITHUB_SHA" ]').and.include('[ "$PREVIEWED" != "$GITHUB_SHA" ]');
        // One update of prod at a time, and a queued one never cancels the one running.
        expect(wf.jobs["prod-preview"].concurrency).to.deep.equal({ group: "deploy-prod", "cancel-in-progress": false });
        expect(prod.concurrency).to.deep.equal({ group: "deploy-prod", "cancel-in-progress": false });
    });

    it("holds no long-lived AWS keys or Pulumi token: roles through OIDC, Pulumi Cloud through its OIDC token exchange", () => {
        for (const file of FILES) {
            expect(text(file), file).to.not.match(/aws-access-key-id|aws-secret-access-key|AWS_SECRET_ACCESS_KEY|AWS_ACCESS_KEY_ID|PULUMI_ACCESS_TOKEN|secrets\.(?!GITHUB_TOKEN)/);
        }
        for (const { file, name, job } of jobsOf()) {
            const pulumiAt = indexOf(job, isPulumi);
            const aws = job.steps.filter((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@"));
            if (pulumiAt < 0) {
                expect(aws, `${file} ${name}`).to.deep.equal([]);
                continue;
            }
            expect(aws.length, `${file} ${name}`).to.equal(1);
            expect(aws[0].with?.["role-to-assume"], `${file} ${name}`).to.equal(job.environment === undefined ? PREVIEW_ROLE : DEPLOY_ROLE);
            const auth = job.steps.find((s) => s.uses?.startsWith("pulumi/auth-actions@"));
            expect(auth?.with, `${file} ${name}`).to.deep.equal({
                organization: "${{ vars.PULUMI_ORG }}",
                "requested-token-type": "urn:pulumi:token-type:access_token:organization",
            });
            // Skipped only for a self-managed backend, which the pulumi step then logs in to.
            expect(auth?.if).to.equal("vars.PULUMI_BACKEND_URL == ''");
            expect(job.steps[pulumiAt].with?.["cloud-url"]).to.equal("${{ vars.PULUMI_BACKEND_URL }}");
            expect(indexOf(job, (s) => s === auth), `${file} ${name}`).to.be.below(pulumiAt);
        }
    });

    it("grants id-token: write only to the jobs that assume a role, and read-only contents by default", () => {
        for (const file of FILES) {
            expect(load(file).permissions, file).to.deep.equal({ contents: "read" });
        }
        for (const { file, name, job } of jobsOf()) {
            const assumes = job.steps.some((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@") || s.uses?.startsWith("pulumi/auth-actions@"));
            expect(job.permissions?.["id-token"], `${file} ${name}`).to.equal(assumes ? "write" : undefined);
        }
        expect(load("pull-request.yml").jobs.preview.permissions).to.deep.equal({ contents: "read", "id-token": "write", "pull-requests": "write" });
    });

    it("pins every action to at least a major version and interpolates no event data into scripts", () => {
        for (const { file, name, job } of jobsOf()) {
            for (const step of job.steps) {
                if (step.uses) expect(step.uses, `${file} ${name}`).to.match(/^[\w.-]+\/[\w.-]+@v\d+$/);
                expect(step.run ?? "", `${file} ${name}`).to.not.match(/\$\{\{\s*github\.event\./);
            }
        }
    });

    it("publishes API Gateway's SDKs right after every pulumi up, then the stack outputs go to the job summary", () => {
        const wf = load("deploy.yml");
        for (const [job, stack] of [["dev", "dev"], ["prod", "prod"]]) {
            const steps = wf.jobs[job].steps;
            const up = steps.findIndex((s) => isPulumi(s) && s.with?.command === "up");
            expect(steps[up + 1]?.run, job).to.equal(`scripts/publish-sdks.sh \${{ vars.PULUMI_ORG }}/portcullis/${stack}`);
            expect(steps[up + 2]?.run, job).to.include(`.ci/summary.sh outputs \${{ vars.PULUMI_ORG }}/portcullis/${stack} >> "$GITHUB_STEP_SUMMARY"`);
        }
    });

    it("uses the GitHub environments the bootstrap's deploy roles trust", () => {
        const bootstrap = yaml.load(fs.readFileSync(path.join(ROOT, "bootstrap", "Pulumi.account.yaml"), "utf8")) as { config: Record<string, unknown> };
        const stages = bootstrap.config["portcullis-bootstrap:stages"] as Array<{ name: string; environment: string }>;
        const wf = load("deploy.yml");
        expect({ dev: wf.jobs.dev.environment, prod: wf.jobs.prod.environment }).to.deep.equal(Object.fromEntries(stages.map((s) => [s.name, s.environment])));
    });
});

describe(".ci/summary.sh policy", () => {
    const summary = (output: string) => spawnSync("bash", [path.join(ROOT, ".ci", "summary.sh"), "policy", "preview of dev"], {
        env: { ...process.env, PULUMI_OUTPUT: output }, encoding: "utf8",
    });

    it("copies the section Pulumi prints when every policy passed", () => {
        const result = summary("Previewing update (dev)\n\nPolicies:\n    ✅ portcullis-policies@v0.1.0 (local: policies)\n\nResources:\n    + 3 to create\n");
        expect(result.status).to.equal(0);
        expect(result.stdout.split("\n")).to.deep.equal(["### Policy pack: preview of dev", "```", "Policies:", "    ✅ portcullis-policies@v0.1.0 (local: policies)", "```", ""]);
    });

    it("copies the violations, and says so when the output holds no policy section", () => {
        const violations = summary("Policy Violations:\n    [mandatory]  portcullis-policies v0.1.0  s3-bucket-missing-access-logs (aws:s3/bucket:Bucket: data-private)\n\nResources:\n");
        expect(violations.stdout).to.include("[mandatory]  portcullis-policies v0.1.0  s3-bucket-missing-access-logs");
        expect(summary("error: no credentials").stdout).to.include("No policy section in the output: did the step run with policyPacks?");
    });
});
