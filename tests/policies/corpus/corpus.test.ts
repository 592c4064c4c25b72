/**
 * The pack over programs nobody here wrote for it: each corpus program has known holes and known fine
 * resources, and the test expects exactly the holes (rule id and resource), so a false positive fails it as
 * surely as a miss. No policy config is passed: the programs have no Portcullis opt-in.
 */
import { expect } from "chai";
import { KNOWN_HOLES, PROGRAMS, corpusViolations, summarize } from "./corpus";

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
});
