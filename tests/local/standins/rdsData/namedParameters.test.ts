import { expect } from "chai";
import { toPositional } from "../../../../local/standins/rdsData/namedParameters";

describe("toPositional", () => {
    it("numbers placeholders in order of first use and reuses the number of a repeated name", () => {
        const result = toPositional("SELECT * FROM t WHERE a = :a AND b = :b_2 OR a = :a");

        expect(result.text).to.equal("SELECT * FROM t WHERE a = $1 AND b = $2 OR a = $1");
        expect(result.names).to.deep.equal(["a", "b_2"]);
    });

    it("leaves casts, string literals, identifiers and comments untouched", () => {
        const sql = [
            "SELECT :x::int, ':no', 'it''s :no', E'esc\\' :no', \"col:no\", $$ :no $$, $tag$ :no $tag$",
            "-- :no",
            "/* :no /* nested :no */ :no */ :y",
        ].join("\n");

        const result = toPositional(sql);

        expect(result.names).to.deep.equal(["x", "y"]);
        expect(result.text).to.equal(sql.replace(":x::int", "$1::int").replace(/:y$/, "$2"));
    });

    it("does not treat an array slice as a name", () => {
        const result = toPositional("SELECT arr[1:2], :p");

        expect(result.text).to.equal("SELECT arr[1:2], $1");
        expect(result.names).to.deep.equal(["p"]);
    });
});
