import type { LocalApp } from "../../local/app";

/**
 * An access token of the demo customer from `npm start`'s cli client (USER_PASSWORD_AUTH), as the printed how-to
 * gets one: what a reader of the guides uses for the calls that need a signed-in user.
 */
export async function customerToken(app: LocalApp): Promise<string> {
    const customer = app.endpoints.users.find((u) => u.groups.includes("customer"))!;
    const signIn = await fetch(`${app.endpoints.cognitoEndpoint}/`, {
        method: "POST",
        headers: { "Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": "AWSCognitoIdentityProviderService.InitiateAuth" },
        body: JSON.stringify({ AuthFlow: "USER_PASSWORD_AUTH", ClientId: app.endpoints.clients.cli!.clientId, AuthParameters: { USERNAME: customer.username, PASSWORD: customer.password } }),
    });
    return ((await signIn.json()) as { AuthenticationResult: { AccessToken: string } }).AuthenticationResult.AccessToken;
}
