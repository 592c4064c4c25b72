import { expect } from "chai";
import { DecisionCache } from "../../../handlers/lib/decisionCache";

describe("handlers/lib/decisionCache", () => {
    let clock = 0;
    const cache = () => new DecisionCache<string>(2, 300_000, () => clock);
    beforeEach(() => (clock = 1_000_000));

    it("keeps a decision until the token expires", () => {
        const c = cache();
        c.set("t", "allow", clock + 60_000);
        clock += 59_999;
        expect(c.get("t")).to.equal("allow");
        clock += 1;
        expect(c.get("t")).to.equal(undefined);
        expect(c.size).to.equal(0);
    });

    it("keeps no decision longer than its maximum age, whatever the token's expiry", () => {
        const c = cache();
        c.set("t", "allow", clock + 86_400_000);
        clock += 300_000;
        expect(c.get("t")).to.equal(undefined);
    });

    it("never stores an already expired token", () => {
        const c = cache();
        c.set("t", "allow", clock);
        expect(c.size).to.equal(0);
    });

    it("drops the oldest entry when full", () => {
        const c = cache();
        c.set("a", "1", clock + 60_000);
        c.set("b", "2", clock + 60_000);
        c.set("c", "3", clock + 60_000);
        expect([c.get("a"), c.get("b"), c.get("c"), c.size]).to.deep.equal([undefined, "2", "3", 2]);
    });
});
