import type { DemoData } from "./seed";

/** What `.local/endpoints.json` holds: everything a client needs to call the local API. */
export interface LocalEndpoints {
    apiUrl: string;
    /**
     * The stage's own endpoint (`http://127.0.0.1:PORT/<stage>`), as the stack output `internalApiUrl`: the
     * internal route is signed for and sent to this URL; the regional web ACL's rules admit nothing else here.
     */
    internalApiUrl: string;
    /** The developer portal, pointed at `apiUrl`. */
    docsUrl: string;
    region: string;
    issuer: string;
    tokenEndpoint: string;
    /** The hosted UI's entry (`/oauth2/authorize`), as `https://<domain>.auth.<region>.amazoncognito.com/oauth2/authorize`. */
    authorizationEndpoint: string;
    /** The hosted UI's `/logout`. */
    logoutEndpoint: string;
    cognitoEndpoint: string;
    userPoolId: string;
    /** `cli` only where `auth.passwordClient` is on; `web.callbackUrl` is the local portal's sign-in callback. */
    clients: { web: { clientId: string; callbackUrl: string }; service: { clientId: string; clientSecret: string }; cli?: { clientId: string } };
    /** By API client name (from `gateway.apiClients`). */
    apiKeys: Record<string, { tier: string; id: string; value: string }>;
    users: { username: string; password: string; groups: string[] }[];
    /** SigV4 credentials accepted on AWS_IAM routes, signed for `internalApiUrl`. */
    iamCredentials: { accessKeyId: string; secretAccessKey: string; region: string; service: string };
    /** Ids of the demo catalog and of the demo customer's newest order. */
    demo: DemoData;
    stores: Record<string, string>;
}

/** One step of the how-to: what it shows, and a shell command that works as printed (run in order, in one shell). */
export interface HowToStep {
    comment: string;
    command: string[];
}

/** Reads one JSON field of the previous command's output, with the node that runs `npm start`. */
const field = (path: string) => `node -pe 'JSON.parse(require("fs").readFileSync(0)).${path}'`;

/** The how-to's steps; {@link howTo} prints them and the local app test runs them exactly as printed. */
export function howToSteps(e: LocalEndpoints): HowToStep[] {
    const key = Object.values(e.apiKeys)[0]?.value ?? "<api key>";
    const customer = e.users.find((u) => u.groups.includes("customer")) ?? e.users[0];
    const signIn = e.clients.cli && JSON.stringify({ AuthFlow: "USER_PASSWORD_AUTH", ClientId: e.clients.cli.clientId, AuthParameters: { USERNAME: customer.username, PASSWORD: customer.password } });
    const auth = `-H "Authorization: Bearer $TOKEN" -H 'x-api-key: ${key}'`;
    const order = JSON.stringify({ items: [{ productId: e.demo.productIds[0] ?? "<product id>", quantity: 1 }] });
    return [
        { comment: "health, no key and no token", command: [`curl -s ${e.apiUrl}/health`] },
        signIn === undefined
            ? {
                // Without the password client (auth.passwordClient off) people sign in on the hosted UI only; the
                // service token below stands in for the user's so the steps still run as printed.
                comment: `password sign-in is off for this stack (auth.passwordClient): sign in on the portal (${e.docsUrl}authentication.html); here a service token is kept in $TOKEN`,
                command: [
                    `TOKEN=$(curl -s -u '${e.clients.service.clientId}:${e.clients.service.clientSecret}' ${e.tokenEndpoint} \\`,
                    `  -d grant_type=client_credentials | ${field("access_token")})`,
                ],
            }
            : {
                // The cli client's flow, unchanged against a deployed pool: only the endpoint differs
                // (https://cognito-idp.<region>.amazonaws.com/ and the stack output cliClientId).
                comment: `sign in as '${customer.username}' (Cognito InitiateAuth, the cli client; deployed: https://cognito-idp.${e.region}.amazonaws.com/ and cliClientId); the token is kept in $TOKEN`,
                command: [
                    `TOKEN=$(curl -s -X POST ${e.cognitoEndpoint}/ -H 'Content-Type: application/x-amz-json-1.1' \\`,
                    `  -H 'X-Amz-Target: AWSCognitoIdentityProviderService.InitiateAuth' -d '${signIn}' \\`,
                    `  | ${field("AuthenticationResult.AccessToken")})`,
                ],
            },
        { comment: "list products with the token and an API key", command: [`curl -s ${e.apiUrl}/v1/products ${auth}`] },
        {
            comment: "place an order (a new Idempotency-Key per order; a retry with the same key returns the same order)",
            command: [
                `curl -s -X POST ${e.apiUrl}/v1/orders ${auth} \\`,
                `  -H "Idempotency-Key: $(node -p 'crypto.randomUUID()')" -H 'Content-Type: application/json' -d '${order}'`,
            ],
        },
        {
            comment: "download a receipt through its CloudFront-style signed URL",
            command: [`curl -s "$(curl -s ${e.apiUrl}/v1/orders/${e.demo.orderId}/receipt ${auth} | ${field("url")})"`],
        },
        {
            comment: "a service token (client_credentials)",
            command: [
                `curl -s -u '${e.clients.service.clientId}:${e.clients.service.clientSecret}' ${e.tokenEndpoint} \\`,
                `  -d grant_type=client_credentials -d scope=portcullis/catalog.read`,
            ],
        },
    ];
}

/** The short how-to printed at start. */
export function howTo(e: LocalEndpoints): string {
    return [
        `Portcullis API running locally at ${e.apiUrl}`,
        `Developer portal: ${e.docsUrl}   Details: .local/endpoints.json`,
        `Internal route (SigV4, iamCredentials in endpoints.json): POST ${e.internalApiUrl}/v1/internal/stock, signed for that URL`,
        "Logs: .local/access.log (gateway, one line per request), .local/functions.log (the functions' stdout)",
        // Issue 14: what local mode teaches must carry over to `pulumi up` as is.
        "Each step below runs unchanged against a deployed stack, with its values: the URLs and client ids of `pulumi stack output`",
        "(apiUrl, cliClientId, serviceClientId, hostedUiDomain), an API key value of apiKeyIds and the service client's secret.",
        "",
        ...howToSteps(e).flatMap((step) => [`  # ${step.comment}`, ...step.command.map((line) => `  ${line}`), ""]),
        "Ctrl-C stops everything.",
    ].join("\n");
}
