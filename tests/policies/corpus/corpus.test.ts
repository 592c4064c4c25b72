/**
 * The pack over programs nobody here wrote for it: each corpus program has known holes and known fine
 * resources, and the test expects exactly the holes (rule id and resource), so a false positive fails it as
 * surely as a miss. No policy config is passed: the programs have no Portcullis opt-in.
 */
import { expect } from "chai";
import { evaluatePolicies } from "../../../policies/offline";
import { stackCloudfrontResourceEnforceUsEast1 } from "../../../policies/rules/stack-deploy";
import { policyCli } from "../harness";
import { KNOWN_HOLES, PROGRAMS, corpusResources, corpusViolations, programRoot, summarize } from "./corpus";

describe("policy pack over the corpus of public-style programs", function () {
    // Each program is evaluated under mocks once; on two shared cores that takes a few seconds each.
    this.timeout(120_000);

    it("has an expectation for every program", () => {
        expect(Object.keys(KNOWN_HOLES)).to.deep.equal(PROGRAMS.map((p) => p.name));
    });

    for (const program of PROGRAMS) {
        it(`reports exactly the known holes of ${program.name}`, async () => {
            const violations = await corpusViolations(program);
            expect(summarize(violations)).to.deep.equal(KNOWN_HOLES[program.name]);
            expect(violations.filter((v) => v.enforcementLevel !== "mandatory").map((v) => v.message)).to.deep.equal([]);
        });
    }

    // The static site creates its CLOUDFRONT-scope ACL, the ACL's logging and log group on the default provider,
    // as public examples do: right in a us-east-1 stack (above), wrong anywhere else.
    it("judges the default provider's region by the stack's aws:region", async () => {
        const staticSite = PROGRAMS[0];
        const acl = (await corpusResources(staticSite)).find((r) => r.name === "edge-acl");
        expect(acl?.provider).to.deep.include({ type: "pulumi:providers:aws", name: "default", props: { region: "us-east-1" } });

        const elsewhere = await corpusResources(staticSite, { "aws:region": "eu-west-1" });
        const violations = evaluatePolicies(elsewhere, { stack: staticSite.stack, policies: [stackCloudfrontResourceEnforceUsEast1] });
        expect(summarize(violations)).to.deep.equal([
            "stack-cloudfront-resource-enforce-us-east-1 edge-acl",
            "stack-cloudfront-resource-enforce-us-east-1 edge-acl-logging",
            "stack-cloudfront-resource-enforce-us-east-1 waf-logs",
        ]);
        expect(violations[0].message).to.contain("created in the default provider (the stack's `aws:region` eu-west-1)");
    });

    it("is what `npm run policy -- --program <dir>` reports for a program folder, with its one stack file", async () => {
        const { run } = policyCli();
        const { code, out } = await run(["--program", programRoot("rest-api")]);
        expect(code).to.equal(1);
        const reported = [...out.matchAll(/^ {2}\[mandatory\] (\S+) on \S+ '([^']+)'$/gm)].map(([, rule, name]) => `${rule} ${name}`).sort();
        expect(reported).to.deep.equal(KNOWN_HOLES["rest-api"]);
        expect(out).to.match(/^Ran \d+ rules \(.*\) over 17 resources\.$/m);
    });

    it("refuses a --program folder that is not a program, or a stack it has no file for", async () => {
        const { run, dir } = policyCli();
        expect(await run(["--program", dir])).to.deep.equal({ code: 2, out: `policy: [--program] ${dir} has no Pulumi.yaml; point it at a Pulumi TypeScript program folder` });
        expect(await run(["--program", programRoot("rest-api"), "--stack", "prod"])).to.deep.equal({ code: 2,
            out: `policy: [--stack] prod has no Pulumi.prod.yaml: ${programRoot("rest-api")} has stack files for dev` });
    });
});
