import { expect } from "chai";
import Ajv from "ajv-draft-04";
import { buildOpenApi, ROUTES, SCHEMAS, serialize } from "../../contract";

const AWS = {
    region: "eu-west-1",
    functionArns: Object.fromEntries(
        ["health", "catalogRead", "catalogWrite", "imageUpload", "createOrder", "readOrders", "orderReceipt", "salesReport", "stockUpdate"].map((f) => [
            f,
            `arn:aws:lambda:eu-west-1:123456789012:function:p-${f}`,
        ]),
    ) as any,
    authorizer: { functionArn: "arn:aws:lambda:eu-west-1:123456789012:function:p-authorizer", resultTtlSeconds: 300 },
    integrationTimeoutMs: 10000,
    corsOrigins: ["https://app.example.com"],
};

describe("contract/openapi", () => {
    it("lists every route once, with its operation id", () => {
        const doc = buildOpenApi();
        const ops = Object.entries(doc.paths).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`));
        expect(ops).to.have.members(ROUTES.map((r) => `${r.method} ${r.path}`));
        expect(ops).to.have.length(ROUTES.length);
    });

    it("keeps AWS extensions out of the public document", () => {
        expect(JSON.stringify(buildOpenApi())).not.to.include("x-amazon-apigateway");
    });

    it("documents OAuth scopes per operation in the public document", () => {
        const doc = buildOpenApi();
        expect(doc.paths["/v1/reports/sales"].get.security).to.deep.equal([{ cognito_jwt: ["portcullis/reports.read"], api_key: [] }]);
        expect(doc.paths["/health"].get.security).to.deep.equal([{}]);
        expect(doc.paths["/v1/internal/stock"].post.security).to.deep.equal([{ sigv4: [] }]);
    });

    it("is deterministic, so the deployment hash only changes with the contract", () => {
        expect(serialize(buildOpenApi({ aws: AWS }))).to.equal(serialize(buildOpenApi({ aws: AWS })));
    });

    it("answers preflights only for configured origins, echoing the Origin through VTL", () => {
        const doc = buildOpenApi({ aws: AWS });
        const options = doc.paths["/v1/products/{productId}"].options as any;
        const response = options["x-amazon-apigateway-integration"].responses.default;
        expect(options.security).to.deep.equal([]);
        expect(response.responseParameters["method.response.header.Access-Control-Allow-Methods"]).to.equal("'GET,PUT,DELETE,OPTIONS'");
        expect(response.responseTemplates["application/json"]).to.include('#if($origin == "https://app.example.com")');
    });

    it("omits preflights when no browser origin is configured", () => {
        const doc = buildOpenApi({ aws: { ...AWS, corsOrigins: [] } });
        expect(Object.values(doc.paths).some((methods) => "options" in methods)).to.equal(false);
    });

    it("defines only schemas that are valid draft-04 JSON Schema, as API Gateway models require", () => {
        const ajv = new Ajv({ strict: false });
        for (const [name, schema] of Object.entries(SCHEMAS)) {
            const withRefs = JSON.parse(JSON.stringify(schema).replace(/#\/components\/schemas\//g, "#/definitions/"));
            expect(ajv.validateSchema({ ...withRefs, definitions: SCHEMAS }), `${name}: ${ajv.errorsText()}`).to.equal(true);
        }
    });
});

describe("contract/routes", () => {
    it("documents 415 on exactly the routes that take a body", () => {
        for (const route of ROUTES) expect(415 in route.responses, route.operationId).to.equal(route.requestBody !== undefined);
    });

    it("describes every tag it uses", () => {
        const doc = buildOpenApi() as unknown as { tags: Array<{ name: string; description?: string }> };
        expect(doc.tags.map((t) => t.name).sort()).to.deep.equal([...new Set(ROUTES.map((r) => r.tag))].sort());
        for (const tag of doc.tags) expect(tag.description, tag.name).to.be.a("string").and.not.equal("");
    });
});
