import { expect } from "chai";
import { FunctionKey, HANDLER_FACTORIES } from "../../handlers";
import { bundleCode, bundleFunction, reuseClosureScopes } from "../../handlers/packaging";
import { RUNTIME_CLIENTS } from "../../handlers/runtimeClients";
import { evaluateStack } from "../../harness/evaluate";
import { buildPackage, layOut, loadPackage, UnshippedModuleError } from "../../harness/packages";

/** The issue's budget for a function's bundle. */
const BUNDLE_BUDGET = 256 * 1024;
const FUNCTIONS = Object.keys(HANDLER_FACTORIES) as FunctionKey[];

/**
 * What Lambda sets for a function with Active tracing (AWS_XRAY_* and the trace header), plus a value for every
 * variable any factory requires: with these, each factory builds its traced clients, which loads aws-xray-sdk-core.
 */
const DEPLOYED_ENV: Record<string, string> = {
    AWS_LAMBDA_FUNCTION_NAME: "portcullis-test-fn",
    AWS_XRAY_DAEMON_ADDRESS: "127.0.0.1:2000",
    AWS_XRAY_CONTEXT_MISSING: "LOG_ERROR",
    _X_AMZN_TRACE_ID: "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1",
    AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: "AKIDEXAMPLE",
    AWS_SECRET_ACCESS_KEY: "secret",
    LOG_LEVEL: "SILENT",
    POWERTOOLS_METRICS_DISABLED: "true",
    TABLE_NAME: "t",
    ASSETS_BUCKET: "a",
    PRIVATE_BUCKET: "p",
    DB_CLUSTER_ARN: "arn:aws:rds:us-east-1:123456789012:cluster:c",
    DB_SECRET_ARN: "arn:aws:secretsmanager:us-east-1:123456789012:secret:s",
    DB_NAME: "d",
    SIGNING_KEY_SECRET_ARN: "arn:aws:secretsmanager:us-east-1:123456789012:secret:k",
    CURSOR_SECRET_ARN: "arn:aws:secretsmanager:us-east-1:123456789012:secret:cursor",
    SIGNING_KEY_PAIR_ID: "K1",
    RECEIPTS_BASE_URL: "https://example.com",
    USER_POOL_ID: "us-east-1_P",
    ISSUER: "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_P",
    ALLOWED_CLIENT_IDS: "c",
    API_VERSION: "1.0.0",
};

describe("function packages", () => {
    for (const name of FUNCTIONS) {
        it(`${name} is one bundle of at most 256 KiB and its source map, requiring only node built-ins and runtime clients`, async () => {
            const pkg = await buildPackage(name);
            const { files } = await bundleFunction(name);
            expect(Object.keys(files).sort()).to.deep.equal(["index.js", "index.js.map"]);
            expect(pkg.files).to.equal(2);
            expect(pkg.indexBytes).to.be.at.most(BUNDLE_BUDGET);
            const external = [...files["index.js"].matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
            const allowed = (m: string) => (RUNTIME_CLIENTS as readonly string[]).includes(m) || require("module").isBuiltin(m);
            // Optional modules probed in a try/catch (the SDK's CRT signer) are the only other requires tolerated.
            expect(external.filter((m) => !allowed(m) && m !== "@aws-sdk/signature-v4-crt"), name).to.deep.equal([]);
            // Every serialized scope became plain bindings (reuseClosureScopes): no `with` left on the hot path.
            expect(files["index.js"], name).to.not.match(/\bwith\(/);
        });

        it(`${name} loads in the sandbox with tracing on as deployed: nothing it needs is missing (X-Ray and @smithy included)`, async () => {
            const pkg = await buildPackage(name);
            const handler = loadPackage(pkg, DEPLOYED_ENV);
            expect(handler).to.be.a("function");
        });
    }

    it("a function that makes AWS calls carries the X-Ray SDK and its @smithy dependency inside its bundle", async () => {
        const { files } = await bundleFunction("catalogRead");
        // aws-xray-sdk-core's context-missing strategy names and the error classification it requires at load.
        expect(files["index.js"]).to.include("AWS_XRAY_CONTEXT_MISSING").and.include("ThrottlingException");
        expect((await bundleFunction("health")).files["index.js"]).to.not.include("AWS_XRAY_CONTEXT_MISSING");
    });
});

describe("reuseClosureScopes (the serializer's per-call scopes, built once)", () => {
    /** Two functions as the closure serializer writes them: a helper with a string and a counter in its scope. */
    const serialized = [
        "exports.handler = __f0;",
        "var __count = 0;",
        "function __label(__0) {",
        "  return (function() {",
        '    with({ PREFIX: "a, b: \\"c\\"", count: __count, this: undefined, arguments: undefined }) {',
        "",
        "return function /*label*/(x) { count++; return `${PREFIX} ${x} ${count}`; };",
        "",
        "    }",
        "  }).apply(undefined, undefined).apply(this, arguments);",
        "}",
        "",
        "function __f0() {",
        "  return (function() {",
        "    with({ label: __label, this: undefined, arguments: undefined }) {",
        "",
        "return function () { return label(1) + \" | \" + label(2); };",
        "",
        "    }",
        "  }).apply(undefined, undefined).apply(this, arguments);",
        "}",
    ].join("\n");
    const run = (code: string) => {
        const mod = { exports: {} as { handler: () => string } };
        new Function("exports", "module", code)(mod.exports, mod);
        return [mod.exports.handler(), mod.exports.handler()];
    };

    it("keeps what the functions compute, turns each scope into let bindings, and keeps a captured variable's state between calls", () => {
        const rewritten = reuseClosureScopes(serialized);
        expect(rewritten).to.not.match(/\bwith\(/);
        expect(rewritten).to.include('let PREFIX = "a, b: \\"c\\"", count = __count;');
        // As written, the serializer's scope is rebuilt per call, so the counter restarts; built once, it counts on.
        expect(run(serialized)).to.deep.equal(['a, b: "c" 1 1 | a, b: "c" 2 1', 'a, b: "c" 1 1 | a, b: "c" 2 1']);
        expect(run(rewritten)).to.deep.equal(['a, b: "c" 1 1 | a, b: "c" 2 2', 'a, b: "c" 1 3 | a, b: "c" 2 4']);
    });

    it("leaves a scope whose values it cannot read as plain names, strings or numbers under `with`, still built once", () => {
        const odd = serialized.replace("count: __count,", "count: { n: 0 },");
        const rewritten = reuseClosureScopes(odd);
        expect(rewritten).to.include("with({ PREFIX:");
        expect(rewritten).to.include("__label$scope = (function()");
    });
});

describe("the package sandbox", () => {
    it("refuses a module the package does not ship, naming it, as Lambda would", () => {
        for (const request of ["@smithy/service-error-classification", "aws-xray-sdk-core", "./lib/missing", "@aws-sdk/client-sqs"]) {
            const broken = layOut("broken", { "index.js": `const m = require(${JSON.stringify(request)}); exports.handler = async () => m;` });
            expect(() => loadPackage(broken, {}), request).to.throw(UnshippedModuleError, `Cannot find module '${request}'`);
        }
    });

    it("gives the runtime clients and node built-ins, each client loaded inside the sandbox", () => {
        const pkg = layOut("clients", {
            "index.js": `const { DynamoDBClient } = require("@aws-sdk/client-dynamodb"); const { createHash } = require("node:crypto");
exports.handler = async () => ({ client: typeof DynamoDBClient, hash: createHash("sha256").update("").digest("hex").slice(0, 8) });`,
        });
        return loadPackage(pkg, {})(undefined).then((r: unknown) => expect(r).to.deep.equal({ client: "function", hash: "e3b0c442" }));
    });

    it("gives the package exactly the variables passed, and neither reads nor changes this process's environment", async () => {
        process.env.PORTCULLIS_OUTSIDE = "outside";
        try {
            const pkg = layOut("env", {
                "index.js": `process.env.SET_BY_PACKAGE = "inside"; const seen = { ...process.env }; const p = require("process");
exports.handler = async () => ({ seen, same: p.env === process.env });`,
            });
            const result = await loadPackage(pkg, { ONLY: "this" })(undefined);
            expect(result).to.deep.equal({ seen: { ONLY: "this", SET_BY_PACKAGE: "inside" }, same: true });
            expect(process.env.SET_BY_PACKAGE).to.equal(undefined);
        } finally {
            delete process.env.PORTCULLIS_OUTSIDE;
        }
    });

    it("a client the bundler would have to leave out is a build error naming the allowlist", async () => {
        const err = await bundleCode("bad", `exports.handler = async () => require("@aws-sdk/client-sqs");`).then(() => undefined, (e: Error) => e);
        expect(err?.message).to.include("@aws-sdk/client-sqs is not an allowlisted runtime client").and.include("RUNTIME_CLIENTS");
    });
});

// The handler tests run `buildPackage`; this proves it is byte for byte what the program would upload, so every
// handler test exercises the deployed code.
describe("the packages the dev stack would upload", () => {
    it("are exactly the bundles the tests run: same index.js, same source map, nothing else", async () => {
        const stack = await evaluateStack("dev");
        const functions = stack.ofType("aws:lambda/function:Function");
        expect(functions.map((f) => f.inputs.name).sort()).to.deep.equal(FUNCTIONS.map((n) => `portcullis-dev-${n}`).sort());
        for (const fn of functions) {
            const name = String(fn.inputs.name).replace("portcullis-dev-", "") as FunctionKey;
            expect(fn.inputs).to.include({ handler: "index.handler", runtime: "nodejs22.x" });
            expect(await stack.functionCode(fn), name).to.deep.equal((await bundleFunction(name)).files);
        }
    });
});
