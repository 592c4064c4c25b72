import { expect } from "chai";
import * as fs from "fs/promises";
import * as os from "os";
import * as path from "path";
import {
    CognitoIdentityProviderClient,
    InitiateAuthCommand,
    NotAuthorizedException,
} from "@aws-sdk/client-cognito-identity-provider";
import { createRemoteJWKSet, decodeJwt, jwtVerify } from "jose";
import { IdentityProviderOptions, secretHash, startIdentityProvider } from "../../local/idp";

const region = "eu-west-1";
const userPoolId = "eu-west-1_Local123";
const options = (overrides: Partial<IdentityProviderOptions> = {}): IdentityProviderOptions => ({
    region,
    userPoolId,
    resourceServer: "portcullis",
    clients: [
        { clientId: "webclient", name: "web", flows: ["user_password"], scopes: [] },
        { clientId: "secretweb", clientSecret: "websecret", name: "web-secret", flows: ["user_password"], scopes: [] },
        {
            clientId: "machine", clientSecret: "s3cret", name: "partner", flows: ["client_credentials"],
            scopes: ["portcullis/catalog.read", "portcullis/orders.write"],
        },
    ],
    users: [
        { username: "ada", password: "Correct-Horse-1", sub: "11111111-2222-4333-8444-555555555555", email: "ada@example.com", groups: ["admins"] },
        { username: "bob", password: "Bob-Password-1", email: "bob@example.com", groups: [] },
    ],
    groupScopes: { admins: ["portcullis/admin", "portcullis/catalog.read"] },
    accessTokenMinutes: 15,
    ...overrides,
});

describe("local identity provider", () => {
    let idp: Awaited<ReturnType<typeof startIdentityProvider>>;
    let cognito: CognitoIdentityProviderClient;
    const signIn = (username: string, password: string, clientId = "webclient", extra: Record<string, string> = {}) =>
        cognito.send(new InitiateAuthCommand({
            AuthFlow: "USER_PASSWORD_AUTH",
            ClientId: clientId,
            AuthParameters: { USERNAME: username, PASSWORD: password, ...extra },
        }));
    const token = (body: Record<string, string>, headers: Record<string, string> = {}) =>
        fetch(idp.tokenEndpoint, {
            method: "POST",
            headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
            body: new URLSearchParams(body),
        });
    const basic = (id: string, secret: string) => ({ authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString("base64")}` });

    before(async () => {
        idp = await startIdentityProvider(options());
        cognito = new CognitoIdentityProviderClient({
            endpoint: idp.cognitoEndpoint, region, credentials: { accessKeyId: "x", secretAccessKey: "y" }, maxAttempts: 1,
        });
    });

    after(() => idp.stop());

    it("signs a user in through InitiateAuth with Cognito's access and id token claims", async () => {
        const before = Math.floor(Date.now() / 1000);

        const { AuthenticationResult: result } = await signIn("ada", "Correct-Horse-1");
        const jwks = createRemoteJWKSet(new URL(idp.jwksUrl));
        const access = await jwtVerify(result?.AccessToken ?? "", jwks, { issuer: idp.issuer, algorithms: ["RS256"] });
        const id = await jwtVerify(result?.IdToken ?? "", jwks, { issuer: idp.issuer, audience: "webclient" });

        expect(access.protectedHeader.kid).to.equal(idp.privateJwk.kid);
        const { iat, exp, auth_time, jti, origin_jti, event_id, ...claims } = access.payload;
        expect(claims).to.deep.equal({
            sub: "11111111-2222-4333-8444-555555555555",
            "cognito:groups": ["admins"],
            iss: idp.issuer,
            version: 2,
            client_id: "webclient",
            token_use: "access",
            scope: "aws.cognito.signin.user.admin portcullis/admin portcullis/catalog.read",
            username: "ada",
        });
        expect(iat).to.be.within(before, before + 5);
        expect(auth_time).to.equal(iat);
        expect(exp).to.equal(Number(iat) + 15 * 60);
        expect(jti).to.match(/^[0-9a-f-]{36}$/);
        expect(origin_jti).to.equal(id.payload.origin_jti);
        expect(event_id).to.equal(id.payload.event_id);
        expect(id.payload).to.include({ token_use: "id", email: "ada@example.com", "cognito:username": "ada", aud: "webclient" });
        expect(result).to.include({ ExpiresIn: 900, TokenType: "Bearer" });
        expect(result?.RefreshToken).to.match(/^[A-Za-z0-9_-]{100,}$/);
    });

    it("leaves cognito:groups out for a user in no group", async () => {
        const { AuthenticationResult: result } = await signIn("bob", "Bob-Password-1");

        const claims = decodeJwt(result?.AccessToken ?? "");

        expect(claims).to.not.have.property("cognito:groups");
        expect(claims.scope).to.equal("aws.cognito.signin.user.admin");
        expect(claims.sub).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/);
    });

    it("answers a wrong password and an unknown user alike, with NotAuthorizedException", async () => {
        const outcomes = await Promise.all([signIn("ada", "wrong"), signIn("nobody", "x")].map((p) => p.catch((e: Error) => e)));

        for (const outcome of outcomes) {
            expect(outcome).to.be.instanceOf(NotAuthorizedException);
            expect((outcome as Error).message).to.equal("Incorrect username or password.");
        }
    });

    it("requires and checks SECRET_HASH for a client with a secret", async () => {
        const missing = await signIn("ada", "Correct-Horse-1", "secretweb").catch((e: Error) => e);
        const wrong = await signIn("ada", "Correct-Horse-1", "secretweb", { SECRET_HASH: "bm9wZQ==" }).catch((e: Error) => e);
        const ok = await signIn("ada", "Correct-Horse-1", "secretweb", { SECRET_HASH: secretHash("ada", "secretweb", "websecret") });

        expect(missing).to.be.instanceOf(NotAuthorizedException);
        expect(wrong).to.be.instanceOf(NotAuthorizedException);
        expect(decodeJwt(ok.AuthenticationResult?.AccessToken ?? "").client_id).to.equal("secretweb");
    });

    it("issues client_credentials tokens with Basic auth, narrowing scopes on request", async () => {
        const all = await token({ grant_type: "client_credentials" }, basic("machine", "s3cret"));
        const narrowed = await token({ grant_type: "client_credentials", scope: "portcullis/catalog.read" }, basic("machine", "s3cret"));
        const inBody = await token({ grant_type: "client_credentials", client_id: "machine", client_secret: "s3cret" });
        const tooWide = await token({ grant_type: "client_credentials", scope: "portcullis/admin" }, basic("machine", "s3cret"));

        const allBody = (await all.json()) as { access_token: string; expires_in: number; token_type: string };
        const { payload } = await jwtVerify(((await narrowed.json()) as { access_token: string }).access_token,
            createRemoteJWKSet(new URL(idp.jwksUrl)), { issuer: idp.issuer });
        expect(allBody).to.include({ expires_in: 900, token_type: "Bearer" });
        expect(decodeJwt(allBody.access_token).scope).to.equal("portcullis/catalog.read portcullis/orders.write");
        const { iat, exp, auth_time, jti, ...claims } = payload;
        expect(claims).to.deep.equal({
            sub: "machine", token_use: "access", scope: "portcullis/catalog.read", iss: idp.issuer, version: 2, client_id: "machine",
        });
        expect([typeof iat, typeof exp, typeof auth_time, typeof jti]).to.deep.equal(["number", "number", "number", "string"]);
        expect(inBody.status).to.equal(200);
        expect(tooWide.status).to.equal(400);
        expect(await tooWide.json()).to.deep.equal({ error: "invalid_scope" });
    });

    it("rejects an unknown client or a wrong secret with invalid_client, and a user-only client with unauthorized_client", async () => {
        const unknown = await token({ grant_type: "client_credentials" }, basic("ghost", "s3cret"));
        const wrongSecret = await token({ grant_type: "client_credentials", client_id: "machine", client_secret: "nope" });
        const userOnly = await token({ grant_type: "client_credentials" }, basic("secretweb", "websecret"));

        expect([unknown.status, await unknown.json()]).to.deep.equal([401, { error: "invalid_client" }]);
        expect([wrongSecret.status, await wrongSecret.json()]).to.deep.equal([401, { error: "invalid_client" }]);
        expect([userOnly.status, await userOnly.json()]).to.deep.equal([400, { error: "unauthorized_client" }]);
    });

    it("answers a malformed Basic header with 400 invalid_request, never the exception (issue 12: 500 with a URIError)", async () => {
        for (const authorization of [`Basic ${Buffer.from("%zz:secret").toString("base64")}`, `Basic ${Buffer.from("machine:%").toString("base64")}`, "Basic !!!", "Basic"]) {
            const res = await token({ grant_type: "client_credentials" }, { authorization });
            expect([res.status, await res.json()], authorization).to.deep.equal([400, { error: "invalid_request" }]);
        }
    });

    it("answers InitiateAuth bodies the service model cannot read with 400 SerializationException (issue 12: null answered 500)", async () => {
        const initiate = (body: string) => fetch(`${idp.cognitoEndpoint}/`, {
            method: "POST",
            headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": "AWSCognitoIdentityProviderService.InitiateAuth" },
            body,
        });
        const bodies = ["null", "[]", "7", '"x"', '{"ClientId":5}', '{"ClientId":"webclient","AuthFlow":"USER_PASSWORD_AUTH","AuthParameters":"x"}',
            '{"ClientId":"webclient","AuthFlow":"USER_PASSWORD_AUTH","AuthParameters":{"USERNAME":"alice","PASSWORD":1}}'];
        for (const body of bodies) {
            const res = await initiate(body);
            const answer = (await res.json()) as { __type: string; message: string };
            expect([res.status, res.headers.get("x-amzn-errortype"), answer.__type], body).to.deep.equal([400, "SerializationException", "SerializationException"]);
            expect(answer.message, body).to.not.match(/TypeError|at |Cannot read/);
        }
    });

    it("serves an OpenID configuration pointing at its JWKS and token endpoint", async () => {
        const config = (await (await fetch(`${idp.issuer}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;

        expect(config).to.include({ issuer: idp.issuer, jwks_uri: idp.jwksUrl, token_endpoint: idp.tokenEndpoint });
    });

    it("keeps its signing key in persistDir, so tokens verify after a restart", async () => {
        const dir = await fs.mkdtemp(path.join(os.tmpdir(), "portcullis-idp-test-"));
        try {
            const first = await startIdentityProvider(options({ persistDir: dir }));
            const issued = (await (await fetch(first.tokenEndpoint, {
                method: "POST",
                headers: { "content-type": "application/x-www-form-urlencoded", ...basic("machine", "s3cret") },
                body: "grant_type=client_credentials",
            })).json()) as { access_token: string };
            await first.stop();

            const second = await startIdentityProvider(options({ persistDir: dir }));
            const fresh = await startIdentityProvider(options());
            try {
                const verified = await jwtVerify(issued.access_token, createRemoteJWKSet(new URL(second.jwksUrl)));
                const rejected = await jwtVerify(issued.access_token, createRemoteJWKSet(new URL(fresh.jwksUrl))).catch((e: Error) => e);

                expect(second.privateJwk.kid).to.equal(first.privateJwk.kid);
                expect(verified.payload.client_id).to.equal("machine");
                expect(rejected).to.be.instanceOf(Error);
            } finally {
                await Promise.all([second.stop(), fresh.stop()]);
            }
        } finally {
            await fs.rm(dir, { recursive: true, force: true });
        }
    });
});
