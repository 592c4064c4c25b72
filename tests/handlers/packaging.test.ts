import { expect } from "chai";
import { FunctionName, HANDLER_FACTORIES } from "../../handlers";
import { EXCLUDED_PACKAGES, excludedPackagesFor } from "../../handlers/packaging";
import { serializePackage } from "../../local/program/packages";

/** The budget for everything in a function's code archive. */
const ONE_MIB = 1024 * 1024;

describe("function packages", () => {
    for (const name of Object.keys(HANDLER_FACTORIES) as FunctionName[]) {
        it(`${name} stays under 1 MiB and ships no SDK client, Pulumi or type package`, async () => {
            const pkg = await serializePackage(name);
            expect(pkg.bytes).to.be.below(ONE_MIB);
            expect(pkg.shippedPaths.filter((p) => /node_modules\/(@aws-sdk|@pulumi|@types)\//.test(p))).to.deep.equal([]);
        });
    }

    it("ships jose only with the authorizer and the X-Ray SDK only with functions that call AWS", () => {
        expect(excludedPackagesFor("authorizer")).to.include("aws-xray-sdk-core").and.not.include("jose");
        expect(excludedPackagesFor("createOrder")).to.include("jose").and.not.include("aws-xray-sdk-core");
        expect(EXCLUDED_PACKAGES).to.include.members(["@aws-sdk/client-dynamodb", "@aws-sdk/client-rds-data", "@pulumi/pulumi"]);
    });
});
