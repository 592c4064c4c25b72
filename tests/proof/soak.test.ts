import { expect } from "chai";
import { localSoakAccess, soak, type SoakResult } from "../../proof/soak";
import { soakProblems } from "../../scripts/soak";
import { proofLocal } from "./support";

describe("proof: soak with the DynamoDB and RDS Data API stand-ins paused mid-traffic", function () {
    this.timeout(120_000);
    let result: SoakResult;

    before(async () => {
        // Prepare
        const local = await proofLocal();
        const access = await localSoakAccess(local.app.endpoints);
        // Act: the handlers log each outage as an error line on stdout; keep the test output readable.
        const write = process.stdout.write;
        process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) =>
            String(chunk).startsWith('{"level"') ? true : (write as (...a: unknown[]) => boolean).call(process.stdout, chunk, ...rest)) as typeof process.stdout.write;
        try {
            result = await soak(local.app, access, { seconds: 8, concurrency: 40, faultMs: 1500, faults: ["dynamodb", "rdsData"], recoverySeconds: 5 });
        } finally {
            process.stdout.write = write;
        }
    });

    it("answers no 5xx but clean 503s during the outages, and recovers", () => {
        expect(soakProblems(result)).to.deep.equal([]);
        expect(result.unexpectedFailures).to.deep.equal([]);
        expect(result.faultAnswers.serviceUnavailable).to.be.greaterThan(0);
        expect(result.faultAnswers.standardShape).to.equal(result.faultAnswers.serviceUnavailable);
        expect(result.recovered).to.equal(true);
    });

    it("loses, duplicates and splits no order", () => {
        expect(result.orders.placed).to.be.greaterThan(20);
        expect(result.orders.conflictingIds).to.equal(0);
        expect(result.orders.notExactlyOnce).to.equal(0);
        expect(result.orders.unreadable).to.equal(0);
        expect(result.partial.ordersWithoutLines).to.equal(0);
        expect(result.partial.linesWithoutOrders).to.equal(0);
        expect(result.partial.ordersWithoutReceipts).to.equal(0);
    });

    it("keeps the heap within 64 MiB of where it started (after full collections)", () => {
        expect(result.memory.heapEndMb - result.memory.heapStartMb).to.be.lessThan(64);
    });
});
