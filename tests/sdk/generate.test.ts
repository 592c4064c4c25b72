import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { execFileSync } from "child_process";
import { API_VERSION, ROUTES } from "../../contract";
import { publicDocument } from "../../portal/openapi";
import { generateSdk } from "../../sdk/generate";
import { GENERATED_FILE } from "../../scripts/generate-sdk";
import { OPERATIONS, PortcullisClient } from "../../sdk/src";

const SDK = path.resolve(__dirname, "..", "..", "sdk");

describe("sdk/generate", () => {
    it("matches the committed sdk/src/generated.ts (run scripts/generate-sdk.ts if this fails)", () => {
        expect(fs.readFileSync(GENERATED_FILE, "utf8") === generateSdk(publicDocument()), "sdk/src/generated.ts is stale").to.equal(true);
    });

    it("has one method and one operation entry per route, with the route's method, path and credentials", () => {
        for (const r of ROUTES) {
            expect(typeof (PortcullisClient.prototype as unknown as Record<string, unknown>)[r.operationId], r.operationId).to.equal("function");
            const op = (OPERATIONS as Record<string, { method: string; path: string; auth: string; apiKey: boolean }>)[r.operationId];
            expect(op, r.operationId).to.include({ method: r.method, path: r.path, apiKey: r.apiKeyRequired });
            expect(op.auth, r.operationId).to.equal({ public: "none", jwt: "token", iam: "sigv4" }[r.security.kind]);
        }
        expect(Object.keys(OPERATIONS)).to.have.length(ROUTES.length);
    });

    it("is versioned as the API: package.json and the generated API_VERSION", () => {
        const pkg = JSON.parse(fs.readFileSync(path.join(SDK, "package.json"), "utf8"));
        expect(pkg.name).to.equal("@portcullis/sdk");
        expect(pkg.version).to.equal(API_VERSION);
        expect(generateSdk(publicDocument())).to.include(`export const API_VERSION = "${API_VERSION}";`);
    });

    it("compiles on its own, with DOM types and no Node types (so it also runs in browsers)", () => {
        // Throws with tsc's diagnostics on stdout when it does not compile.
        execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", path.join(SDK, "tsconfig.json"), "--noEmit"], { encoding: "utf8" });
    });
});
