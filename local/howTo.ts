/** What `.local/endpoints.json` holds: everything a client needs to call the local API. */
export interface LocalEndpoints {
    apiUrl: string;
    region: string;
    issuer: string;
    tokenEndpoint: string;
    cognitoEndpoint: string;
    userPoolId: string;
    clients: { web: { clientId: string }; service: { clientId: string; clientSecret: string } };
    /** By API client name (from `gateway.apiClients`). */
    apiKeys: Record<string, { tier: string; id: string; value: string }>;
    users: { username: string; password: string; groups: string[] }[];
    /** SigV4 credentials accepted on AWS_IAM routes. */
    iamCredentials: { accessKeyId: string; secretAccessKey: string; region: string; service: string };
    stores: Record<string, string>;
}

/** The short how-to printed at start, with curl commands that work as printed. */
export function howTo(e: LocalEndpoints): string {
    const key = Object.values(e.apiKeys)[0]?.value ?? "<api key>";
    const customer = e.users.find((u) => u.groups.includes("customer")) ?? e.users[0];
    const signIn = JSON.stringify({ AuthFlow: "USER_PASSWORD_AUTH", ClientId: e.clients.web.clientId, AuthParameters: { USERNAME: customer.username, PASSWORD: customer.password } });
    return [
        `Portcullis API running locally at ${e.apiUrl} (details in .local/endpoints.json, access log in .local/access.log)`,
        "",
        "  # health, no key and no token",
        `  curl -s ${e.apiUrl}/health`,
        "",
        `  # sign in as '${customer.username}' (Cognito InitiateAuth) and list products with an API key`,
        `  TOKEN=$(curl -s -X POST ${e.cognitoEndpoint}/ -H 'Content-Type: application/x-amz-json-1.1' \\`,
        `    -H 'X-Amz-Target: AWSCognitoIdentityProviderService.InitiateAuth' -d '${signIn}' \\`,
        `    | node -pe 'JSON.parse(require("fs").readFileSync(0)).AuthenticationResult.AccessToken')`,
        `  curl -s ${e.apiUrl}/v1/products -H "Authorization: Bearer $TOKEN" -H 'x-api-key: ${key}'`,
        "",
        "  # a service token (client_credentials)",
        `  curl -s -u '${e.clients.service.clientId}:${e.clients.service.clientSecret}' ${e.tokenEndpoint} \\`,
        `    -d grant_type=client_credentials -d scope=portcullis/catalog.read`,
        "",
        "Ctrl-C stops everything.",
    ].join("\n");
}
