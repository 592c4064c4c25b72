import { CognitoIdentityProviderClient, InitiateAuthCommand, InvalidParameterException, NotAuthorizedException } from "@aws-sdk/client-cognito-identity-provider";
import { expect } from "chai";
import { decodeJwt } from "jose";
import { loadStackConfig } from "../../config/stackFile";
import { startDemoIdentity } from "../../local/identity";
import { startIdentityProvider, type IdentityProvider, type IdentityProviderOptions } from "../../local/idp";
import { s256 } from "../../local/idp/sessions";
import { evaluateStack, type EvaluatedStack } from "../../harness/evaluate";
import { signInThroughHostedUi } from "../../local/signIn";

const region = "eu-west-1";
const CALLBACK = "http://localhost:5173/callback";
const SIGNED_OUT = "http://localhost:5173/";
const VERIFIER = "a-verifier-of-at-least-43-characters-0123456789abcdef";

const options: IdentityProviderOptions = {
    region,
    userPoolId: "eu-west-1_Hosted1",
    resourceServer: "portcullis",
    clients: [
        {
            clientId: "web", name: "web", flows: ["code", "refresh_token"],
            scopes: ["portcullis/catalog.read", "portcullis/orders.write", "portcullis/admin", "openid", "email"],
            callbackUrls: [CALLBACK], logoutUrls: [SIGNED_OUT],
        },
        { clientId: "cli", name: "cli", flows: ["user_password", "refresh_token"], scopes: [] },
        { clientId: "machine", clientSecret: "s3cret", name: "service", flows: ["client_credentials", "refresh_token"], scopes: ["portcullis/catalog.read"] },
    ],
    users: [{ username: "cat", password: "Customer-Pass-1", email: "cat@example.com", groups: ["customer"] }],
    groupScopes: { customer: ["portcullis/catalog.read", "portcullis/orders.write"] },
    accessTokenMinutes: 15,
};

describe("local identity provider: hosted UI, code with PKCE, refresh, per-client flows", () => {
    let idp: IdentityProvider;
    let cognito: CognitoIdentityProviderClient;
    const base = () => idp.cognitoEndpoint;
    const authorizeUrl = (params: Record<string, string>) => `${idp.authorizationEndpoint}?${new URLSearchParams(params)}`;
    const pkce = { response_type: "code", client_id: "web", redirect_uri: CALLBACK, state: "s1", code_challenge: s256(VERIFIER), code_challenge_method: "S256" };
    const get = (url: string, cookie?: string) => fetch(url, { redirect: "manual", headers: cookie ? { cookie } : {} });
    const token = (body: Record<string, string>) =>
        fetch(idp.tokenEndpoint, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(body) });
    const initiate = (clientId: string, AuthFlow: string, AuthParameters: Record<string, string>) =>
        cognito.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: AuthFlow as "USER_PASSWORD_AUTH", AuthParameters }));

    /** Walks authorize, the login form and its redirect; returns the redirect URL and the session cookie. */
    async function login(params: Record<string, string>, password = "Customer-Pass-1"): Promise<{ back: URL; cookie?: string; status: number; html: string }> {
        const toLogin = await get(authorizeUrl(params));
        expect(toLogin.status).to.equal(302);
        const loginUrl = new URL(toLogin.headers.get("location")!, base());
        const form = new URLSearchParams(loginUrl.searchParams);
        form.set("username", "cat");
        form.set("password", password);
        const posted = await fetch(`${base()}/login`, { method: "POST", redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded" }, body: form });
        const cookie = posted.headers.get("set-cookie")?.split(";")[0];
        return { back: new URL(posted.headers.get("location") ?? `${base()}/none`, base()), cookie, status: posted.status, html: await posted.text() };
    }

    before(async () => {
        idp = await startIdentityProvider(options);
        cognito = new CognitoIdentityProviderClient({ endpoint: idp.cognitoEndpoint, region, credentials: { accessKeyId: "x", secretAccessKey: "y" }, maxAttempts: 1 });
    });
    after(() => idp.stop());

    it("signs in through /oauth2/authorize and /login, and redeems the code once with its PKCE verifier", async () => {
        const page = await fetch(`${base()}/login?${new URLSearchParams(pkce)}`);
        expect(page.status).to.equal(200);
        expect(await page.text()).to.include('name="password"');

        const { back } = await login({ ...pkce, scope: "openid portcullis/admin" });
        expect(`${back.origin}${back.pathname}`).to.equal(CALLBACK);
        expect(back.searchParams.get("state")).to.equal("s1");
        const code = back.searchParams.get("code")!;
        const res = await token({ grant_type: "authorization_code", client_id: "web", code, redirect_uri: CALLBACK, code_verifier: VERIFIER });
        const body = (await res.json()) as Record<string, string>;
        expect(res.status).to.equal(200);
        expect(Object.keys(body).sort()).to.deep.equal(["access_token", "expires_in", "id_token", "refresh_token", "token_type"]);
        // The trigger's rule: API scopes come from groups only, so the asked-for admin scope is suppressed.
        expect(decodeJwt(body.access_token).scope).to.equal("openid portcullis/catalog.read portcullis/orders.write");
        expect(decodeJwt(body.id_token)).to.include({ aud: "web", "cognito:username": "cat" });

        const again = await token({ grant_type: "authorization_code", client_id: "web", code, redirect_uri: CALLBACK, code_verifier: VERIFIER });
        expect([again.status, await again.json()]).to.deep.equal([400, { error: "invalid_grant" }]);

        const refreshed = await token({ grant_type: "refresh_token", client_id: "web", refresh_token: body.refresh_token });
        const fresh = (await refreshed.json()) as Record<string, string>;
        expect(refreshed.status).to.equal(200);
        expect(fresh.refresh_token).to.equal(undefined);
        expect(decodeJwt(fresh.access_token).scope).to.equal("openid portcullis/catalog.read portcullis/orders.write");
    });

    it("signs in with local mode's seeding helper as a browser would, and names a failed sign-in", async () => {
        const client = { authorizationEndpoint: idp.authorizationEndpoint, tokenEndpoint: idp.tokenEndpoint, clientId: "web", redirectUri: CALLBACK };
        const tokens = await signInThroughHostedUi(client, "cat", "Customer-Pass-1");
        expect(decodeJwt(tokens.access_token)).to.include({ client_id: "web", username: "cat" });
        const failed = await signInThroughHostedUi(client, "cat", "wrong").catch((e: Error) => e.message);
        expect(failed).to.equal("sign-in of cat answered 400 instead of a redirect");
    });

    it("refuses a code with a wrong verifier, another redirect URI or another client", async () => {
        const outcomes = [];
        for (const change of [{ code_verifier: "x".repeat(43) }, { redirect_uri: SIGNED_OUT }, { client_id: "cli" }]) {
            const { back } = await login(pkce);
            const res = await token({ grant_type: "authorization_code", client_id: "web", code: back.searchParams.get("code")!, redirect_uri: CALLBACK, code_verifier: VERIFIER, ...change });
            outcomes.push([res.status, await res.json()]);
        }
        expect(outcomes).to.deep.equal([[400, { error: "invalid_grant" }], [400, { error: "invalid_grant" }], [400, { error: "unauthorized_client" }]]);
    });

    it("sends an unlisted redirect URI to the error page, and other mistakes back to the client with error=", async () => {
        const mismatch = await get(authorizeUrl({ ...pkce, redirect_uri: "http://localhost:5173/elsewhere" }));
        expect([mismatch.status, mismatch.headers.get("location")]).to.deep.equal([302, "/error?error=redirect_mismatch"]);
        const cases: Array<[Record<string, string>, string]> = [
            [{ response_type: "token" }, "unsupported_response_type"],
            [{ code_challenge_method: "plain" }, "invalid_request"],
            [{ code_challenge: "", code_challenge_method: "" }, "invalid_request"],
            [{ scope: "portcullis/unknown" }, "invalid_scope"],
        ];
        for (const [change, error] of cases) {
            const params = { ...pkce, ...change };
            for (const [k, v] of Object.entries(params)) if (v === "") delete (params as Record<string, string>)[k];
            const res = await get(authorizeUrl(params));
            const back = new URL(res.headers.get("location")!);
            expect([`${back.origin}${back.pathname}`, back.searchParams.get("error"), back.searchParams.get("state")], JSON.stringify(change)).to.deep.equal([CALLBACK, error, "s1"]);
        }
        const wrong = await login(pkce, "wrong");
        expect([wrong.status, wrong.html.includes("Incorrect username or password.")]).to.deep.equal([400, true]);
    });

    it("remembers the browser's sign-in until /logout, which only redirects to a listed logout URL", async () => {
        const { cookie } = await login(pkce);
        const silent = await get(authorizeUrl(pkce), cookie);
        expect(new URL(silent.headers.get("location")!).searchParams.get("code")).to.be.a("string");
        const bad = await get(`${base()}/logout?client_id=web&logout_uri=${encodeURIComponent("https://evil.example/")}`, cookie);
        expect(bad.headers.get("location")).to.equal("/error?error=redirect_mismatch");
        const out = await get(`${base()}/logout?client_id=web&logout_uri=${encodeURIComponent(SIGNED_OUT)}`, cookie);
        expect([out.status, out.headers.get("location")]).to.deep.equal([302, SIGNED_OUT]);
        const after = await get(authorizeUrl(pkce), cookie);
        expect(after.headers.get("location")).to.match(/^\/login\?/);
    });

    it("allows each client exactly its flows, refusing the others with Cognito's errors", async () => {
        const password = { USERNAME: "cat", PASSWORD: "Customer-Pass-1" };
        const refused = await initiate("web", "USER_PASSWORD_AUTH", password).catch((e: Error) => e);
        expect(refused).to.be.instanceOf(InvalidParameterException);
        expect((refused as Error).message).to.equal("USER_PASSWORD_AUTH flow not enabled for this client");
        const signedIn = await initiate("cli", "USER_PASSWORD_AUTH", password);
        const refreshed = await initiate("cli", "REFRESH_TOKEN_AUTH", { REFRESH_TOKEN: signedIn.AuthenticationResult!.RefreshToken! });
        expect(refreshed.AuthenticationResult!.RefreshToken).to.equal(undefined);
        expect(decodeJwt(refreshed.AuthenticationResult!.AccessToken!)).to.include({ client_id: "cli", username: "cat" });
        const foreign = await initiate("web", "REFRESH_TOKEN_AUTH", { REFRESH_TOKEN: signedIn.AuthenticationResult!.RefreshToken! }).catch((e: Error) => e);
        expect([foreign instanceof NotAuthorizedException, (foreign as Error).message]).to.deep.equal([true, "Invalid Refresh Token"]);
        const cliCode = await get(authorizeUrl({ ...pkce, client_id: "cli" }));
        expect(cliCode.headers.get("location")).to.equal("/error?error=redirect_mismatch");
        const cliCredentials = await token({ grant_type: "client_credentials", client_id: "cli" });
        expect([cliCredentials.status, await cliCredentials.json()]).to.deep.equal([400, { error: "unauthorized_client" }]);
    });
});

describe("local mode's pool against the deployed clients", function () {
    let dev: EvaluatedStack;
    before(async function () {
        dev = await evaluateStack("dev");
    });

    it("gives each local client exactly the flows, scopes and URLs of its deployed twin", async () => {
        // Prepare: the dev stack's clients as the program creates them, and local mode's pool from the same config.
        const config = loadStackConfig("dev");
        const deployed = (suffix: string) => dev.one("aws:cognito/userPoolClient:UserPoolClient", `-${suffix}`).inputs;
        const identity = await startDemoIdentity(config, { userPoolId: "pool", webClientId: "w", serviceClientId: "s", cliClientId: "c" });
        try {
            // Act: the deployed settings, in the local pool's vocabulary.
            const flowsOf = (inputs: any) => [
                ...(inputs.allowedOauthFlows ?? []).map(String),
                ...(inputs.explicitAuthFlows ?? []).map((f: string) => ({ ALLOW_USER_PASSWORD_AUTH: "user_password", ALLOW_REFRESH_TOKEN_AUTH: "refresh_token" })[f] ?? f),
            ].sort();
            // Assess
            for (const [local, suffix] of [[identity.webClient, "web"], [identity.serviceClient, "service"], [identity.cliClient!, "cli"]] as const) {
                const twin = deployed(suffix);
                expect([...local.flows].sort(), suffix).to.deep.equal(flowsOf(twin));
                expect([...local.scopes].sort(), suffix).to.deep.equal([...(twin.allowedOauthScopes ?? [])].sort());
                expect(local.clientSecret !== undefined, suffix).to.equal(twin.generateSecret);
                expect(local.callbackUrls ?? [], suffix).to.deep.equal((twin.callbackUrls ?? []).filter((u: string) => !u.includes("/docs/")));
                expect(local.logoutUrls ?? [], suffix).to.deep.equal((twin.logoutUrls ?? []).filter((u: string) => !u.includes("/docs/")));
            }
        } finally {
            await identity.idp.stop();
        }
    });
});
