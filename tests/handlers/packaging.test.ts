import { expect } from "chai";
import * as fs from "fs";
import { FunctionName, HANDLER_FACTORIES } from "../../handlers";
import { EXCLUDED_PACKAGES, excludedPackagesFor } from "../../handlers/packaging";
import { evaluateStack } from "../../local/program/evaluate";
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
        expect(excludedPackagesFor("health")).to.include.members(["aws-xray-sdk-core", "jose"]);
        expect(excludedPackagesFor("createOrder")).to.include("jose").and.not.include("aws-xray-sdk-core");
        expect(EXCLUDED_PACKAGES).to.include.members(["@aws-sdk/client-dynamodb", "@aws-sdk/client-rds-data", "@pulumi/pulumi"]);
    });
});

// The handler tests run `serializePackage`; this proves it is byte for byte what the program would upload, so
// every handler test exercises the deployed code.
describe("the packages the dev stack would upload", () => {
    it("are exactly the serialized packages the tests run: same __index.js, same node_modules", async () => {
        const stack = await evaluateStack("dev");
        const functions = stack.ofType("aws:lambda/function:Function");
        expect(functions.map((f) => f.inputs.name).sort()).to.deep.equal(Object.keys(HANDLER_FACTORIES).map((n) => `portcullis-dev-${n}`).sort());
        for (const fn of functions) {
            const name = String(fn.inputs.name).replace("portcullis-dev-", "") as FunctionName;
            const [deployed, tested] = await Promise.all([stack.functionCode(fn), serializePackage(name)]);
            expect(deployed.index, `${name} __index.js`).to.equal(fs.readFileSync(tested.indexPath, "utf8"));
            expect(deployed.paths, `${name} node_modules`).to.deep.equal(tested.shippedPaths);
        }
    });
});
