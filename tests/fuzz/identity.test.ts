import fc from "fast-check";
import { fuzzValue, hostileString, rawBody } from "../../proof/attack/fuzz/arbitraries";
import { brokenInvariants } from "../../proof/attack/fuzz/invariants";
import type { JsonSchema } from "../../contract/types";
import { startIdentityProvider } from "../../local/idp";

/** InitiateAuth's request as Cognito's service model describes it (the fields the stand-in reads). */
const INITIATE_AUTH: JsonSchema = {
    type: "object",
    required: ["AuthFlow", "ClientId"],
    properties: {
        AuthFlow: { type: "string", enum: ["USER_PASSWORD_AUTH", "REFRESH_TOKEN_AUTH", "USER_SRP_AUTH"] },
        ClientId: { type: "string", enum: ["webclient", "secretweb", "machine"] },
        AuthParameters: { type: "object", properties: { USERNAME: { type: "string", enum: ["ada", "bob"] }, PASSWORD: { type: "string", maxLength: 256 }, SECRET_HASH: { type: "string" } } },
    },
};

/** The stand-in answers any input like the service: below 500, in its own error shape, without internals. */
function checkAnswer(status: number, text: string, shape: (body: any) => boolean): void {
    const broken = brokenInvariants({ status, text }, { gatewayShapes: [] }).filter((b) => !b.includes("without the error shape"));
    let body: unknown;
    try {
        body = JSON.parse(text);
    } catch {
        body = undefined;
    }
    if (status >= 400 && !shape(body)) broken.push(`${status} not in the service's error shape: ${text.slice(0, 200)}`);
    if (broken.length > 0) throw new Error(broken.join("; "));
}

describe("fuzzing the local identity provider with the contract's generators (fixed seed)", function () {
    this.timeout(60_000);
    let idp: Awaited<ReturnType<typeof startIdentityProvider>>;
    before(async () => {
        idp = await startIdentityProvider({
            region: "eu-west-1", userPoolId: "eu-west-1_Fuzz", resourceServer: "portcullis", accessTokenMinutes: 5,
            clients: [
                { clientId: "webclient", name: "web", flows: ["user_password"], scopes: [] },
                { clientId: "secretweb", clientSecret: "websecret", name: "web-secret", flows: ["user_password"], scopes: [] },
                { clientId: "machine", clientSecret: "s3cret", name: "partner", flows: ["client_credentials"], scopes: ["portcullis/catalog.read"] },
            ],
            users: [{ username: "ada", password: "Correct-Horse-1", email: "ada@example.com", groups: [] }, { username: "bob", password: "Bob-Password-1", email: "bob@example.com", groups: [] }],
            groupScopes: {},
        });
    });
    after(() => idp.stop());

    it("InitiateAuth: any body answers 200 or a 4xx with __type, never 5xx or an exception", async () => {
        const body = fc.oneof(fuzzValue(INITIATE_AUTH).map((v) => JSON.stringify(v) ?? "null"), rawBody);
        await fc.assert(fc.asyncProperty(body, async (text) => {
            const res = await fetch(`${idp.cognitoEndpoint}/`, {
                method: "POST",
                headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": "AWSCognitoIdentityProviderService.InitiateAuth" },
                body: text,
            });
            checkAnswer(res.status, await res.text(), (b) => typeof b?.__type === "string" && typeof b?.message === "string");
        }), { seed: 1212, numRuns: 150 });
    });

    it("token endpoint: any form and Authorization header answers with an OAuth error or a token, never 5xx", async () => {
        const form = fc.dictionary(fc.oneof(fc.constantFrom("grant_type", "client_id", "client_secret", "scope"), hostileString), fc.oneof(fc.constantFrom("client_credentials", "machine", "s3cret", "portcullis/catalog.read"), hostileString), { maxKeys: 4 });
        const basic = fc.oneof(
            fc.constant(undefined),
            fc.tuple(fc.oneof(fc.constant("machine"), hostileString), fc.oneof(fc.constant("s3cret"), hostileString)).map(([id, secret]) => `Basic ${Buffer.from(`${id}:${secret}`).toString("base64")}`),
            hostileString.map((s) => `Basic ${s.replace(/[\r\n\0]/g, "")}`),
        );
        await fc.assert(fc.asyncProperty(form, basic, async (fields, authorization) => {
            let res: Response;
            try {
                res = await fetch(idp.tokenEndpoint, {
                    method: "POST",
                    headers: { "content-type": "application/x-www-form-urlencoded", ...(authorization === undefined ? {} : { authorization }) },
                    body: new URLSearchParams(fields),
                });
            } catch (err) {
                // fetch itself refuses header values no HTTP client could send (non-Latin-1); nothing reached the server.
                if ((err as Error).name === "TypeError") return;
                throw err;
            }
            checkAnswer(res.status, await res.text(), (b) => typeof b?.error === "string");
        }), { seed: 1212, numRuns: 150 });
    });
});
