import { expect } from "chai";
import { decodeCursor, encodeCursor, parseLimit } from "../../../handlers/lib/cursor";

describe("handlers/lib/cursor", () => {
    const key = "k";
    it("round-trips a payload in its scope", () => {
        expect(decodeCursor(encodeCursor({ t: "2024-01-01T00:00:00.000Z", id: "o1" }, key, "orders:alice"), key, "orders:alice")).to.deep.equal({ t: "2024-01-01T00:00:00.000Z", id: "o1" });
    });
    it("refuses another scope, another key, an edited payload and garbage", () => {
        const cursor = encodeCursor({ after: "p1" }, key, "products");
        const [, mac] = cursor.split(".");
        const edited = `${Buffer.from(JSON.stringify({ after: "p9" })).toString("base64url")}.${mac}`;
        for (const [c, k, scope] of [[cursor, key, "orders:bob"], [cursor, "other", "products"], [edited, key, "products"], ["x", key, "products"], [`${cursor}.x`, key, "products"]]) {
            expect(() => decodeCursor(c, k, scope)).to.throw("The cursor is not valid for this listing.");
        }
    });
    it("parses limit 1 to 100, default 20", () => {
        expect([parseLimit(undefined), parseLimit("1"), parseLimit("100")]).to.deep.equal([20, 1, 100]);
        for (const bad of ["0", "101", "1.5", "-1", "abc"]) expect(() => parseLimit(bad)).to.throw("limit must be an integer from 1 to 100.");
    });
});
