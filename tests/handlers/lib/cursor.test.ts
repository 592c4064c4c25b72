import { expect } from "chai";
import { cursorKey, decodeCursor, encodeCursor, isCursorId, isCursorInstant, parseLimit, type CursorShape } from "../../../handlers/lib/cursor";

describe("handlers/lib/cursor", () => {
    const key = "k".repeat(64);
    const ORDERS: CursorShape = { t: isCursorInstant, id: isCursorId };
    const PRODUCTS: CursorShape = { after: isCursorId };
    const invalid = "The cursor is not valid for this listing.";
    const forge = (payload: unknown, scope: string) => encodeCursor(payload as Record<string, string>, key, scope);

    it("round-trips a payload in its scope", () => {
        expect(decodeCursor(encodeCursor({ t: "2024-01-01T00:00:00.000Z", id: "o1" }, key, "orders:alice"), key, "orders:alice", ORDERS)).to.deep.equal({ t: "2024-01-01T00:00:00.000Z", id: "o1" });
    });
    it("refuses another scope, another key, an edited payload and garbage", () => {
        const cursor = encodeCursor({ after: "p1" }, key, "products");
        const [, mac] = cursor.split(".");
        const edited = `${Buffer.from(JSON.stringify({ after: "p9" })).toString("base64url")}.${mac}`;
        for (const [c, k, scope] of [[cursor, key, "orders:bob"], [cursor, "o".repeat(64), "products"], [edited, key, "products"], ["x", key, "products"], [`${cursor}.x`, key, "products"]]) {
            expect(() => decodeCursor(c, k, scope, PRODUCTS)).to.throw(invalid);
        }
    });
    it("refuses correctly signed payloads whose fields a store would refuse (issue 12: each answered 500)", () => {
        const bad: unknown[] = [
            { after: "" }, { after: "a\u0000b" }, { after: 7 }, {}, { after: "p1", extra: "x" },
        ];
        for (const payload of bad) expect(() => decodeCursor(forge(payload, "products"), key, "products", PRODUCTS), JSON.stringify(payload)).to.throw(invalid);
        const badOrders: unknown[] = [
            { t: "yesterday", id: "o1" }, { t: "0000-01-01T00:00:00Z", id: "o1" }, { t: "+275760-09-13T00:00:00.000Z", id: "o1" },
            { t: "2024-01-01T00:00:00Z", id: "o\u00001" }, { t: "2024-13-01T00:00:00Z", id: "o1" }, { t: 1, id: "o1" }, { t: "2024-01-01T00:00:00Z" },
        ];
        for (const payload of badOrders) expect(() => decodeCursor(forge(payload, "orders:a"), key, "orders:a", ORDERS), JSON.stringify(payload)).to.throw(invalid);
        expect(decodeCursor(forge({ t: "9999-12-31T23:59:59.999Z", id: "o_1-2" }, "orders:a"), key, "orders:a", ORDERS)).to.deep.equal({ t: "9999-12-31T23:59:59.999Z", id: "o_1-2" });
    });
    it("takes the MAC key from the secret and refuses one too short to be a secret", () => {
        expect(cursorKey(key)).to.equal(key);
        expect(() => cursorKey("portcullis-dev-catalog")).to.throw("The cursor secret holds 22 characters; at least 32 are required");
    });
    it("parses limit 1 to 100, default 20", () => {
        expect([parseLimit(undefined), parseLimit("1"), parseLimit("100")]).to.deep.equal([20, 1, 100]);
        for (const bad of ["0", "101", "1.5", "-1", "abc"]) expect(() => parseLimit(bad)).to.throw("limit must be an integer from 1 to 100.");
    });
});
