import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { fullScope, GROUP_SCOPES, GROUPS, RESOURCE_SERVER, SCOPES, SERVICE_CLIENT_SCOPES, type Group } from "../contract";
import type { StackConfig } from "../config";
import type { FunctionKey } from "../handlers";
import { names } from "./naming";
import { SecureFunction } from "./secureFunction";
import type { AuthRefs, LogGroups } from "./types";
import { AUTH_LAYER_DEFAULTS } from "./defaults";


export interface AuthLayerArgs {
    /**
     * The validated stack config. Read here: `auth` (MFA, threat protection, password length, hosted domain,
     * callback and logout URLs, access-token lifetime, whether the password client exists), `protect` (deletion protection), `lambda` (memory and
     * timeout of the authorizer and the token trigger; never a reservation), `region` and `prefix`. No default:
     * required.
     */
    config: StackConfig;
    /** The account whose user pool may invoke the token trigger (`sourceAccount`). Required. */
    accountId: pulumi.Input<string>;
    /** Log groups Observability pre-created; the authorizer and the token trigger log to theirs. Required. */
    logGroups: LogGroups;
}

/** The portal page at `path` on the stack's custom domain, as a list: empty when the stack has no domain. */
function portalUrl(config: StackConfig, path: string): string[] {
    return config.edge.domain ? [`https://${config.edge.domain.name}${path}`] : [];
}

/**
 * Cognito for the API: a user pool (password policy, MFA, optional threat protection, deletion protection in
 * protected stacks) whose pre-token-generation trigger puts group scopes in access tokens; the `admin` and
 * `customer` groups; the resource server with the contract's scopes; a public web client (authorization code with
 * PKCE) and a confidential service client (client credentials), plus a public password client for scripts where
 * `auth.passwordClient` is set; the hosted domain; an identity pool that maps
 * groups to roles; and the Lambda REQUEST authorizer. API Gateway invokes the authorizer through a Lambda permission
 * that GatewayWithTiers grants (it owns the REST API whose ARN the permission names).
 */
export class AuthLayer extends pulumi.ComponentResource {
    public readonly refs: AuthRefs;
    public readonly userPool: aws.cognito.UserPool;
    public readonly webClient: aws.cognito.UserPoolClient;
    public readonly serviceClient: aws.cognito.UserPoolClient;
    /** The public password client for scripts and tests; only when `auth.passwordClient` is true. */
    public readonly cliClient?: aws.cognito.UserPoolClient;
    public readonly domain: aws.cognito.UserPoolDomain;
    public readonly authorizer: SecureFunction;
    public readonly identityPool: aws.cognito.IdentityPool;

    constructor(name: string, args: AuthLayerArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("portcullis:auth:AuthLayer", name, {}, opts);
        const { config, logGroups, accountId } = args;
        const { auth } = config;

        const fn = (key: FunctionKey, description: string, environment: Record<string, pulumi.Input<string>>) =>
            new SecureFunction(`${name}-${key}`, {
                handler: key,
                prefix: config.prefix,
                description,
                environment: { POWERTOOLS_SERVICE_NAME: names.function(config.prefix, key), ...environment },
                // Neither manifest grants anything: they read tokens and events only.
                resources: {},
                region: config.region,
                logGroup: logGroups.functions[key],
                memoryMb: config.lambda.memoryMb,
                timeoutSeconds: config.lambda.timeoutSeconds,
                logLevel: config.lambda.logLevel,
                // No reserved concurrency, ever: it would cap these two, and a throttled authorizer or token trigger
                // fails every request rather than protecting anything.
            }, { parent: this });

        const preToken = fn("preTokenGeneration", "Cognito pre-token-generation (V2_0): adds the scopes of the user's groups to access tokens.", {});

        const threat = auth.threatProtection;
        this.userPool = new aws.cognito.UserPool(`${name}-users`, {
            name: `${config.prefix}-users`,
            userPoolTier: threat ? AUTH_LAYER_DEFAULTS.tierWithThreatProtection : AUTH_LAYER_DEFAULTS.tierWithoutThreatProtection,
            usernameAttributes: ["email"],
            autoVerifiedAttributes: ["email"],
            passwordPolicy: {
                minimumLength: auth.passwordMinLength,
                requireUppercase: true,
                requireLowercase: true,
                requireNumbers: true,
                requireSymbols: true,
                temporaryPasswordValidityDays: AUTH_LAYER_DEFAULTS.temporaryPasswordValidityDays,
            },
            mfaConfiguration: auth.mfa,
            softwareTokenMfaConfiguration: { enabled: true },
            accountRecoverySetting: { recoveryMechanisms: [{ name: "verified_email", priority: 1 }] },
            // Users are onboarded by an administrator, who also puts them in a group: a self-registered user would
            // hold no group and therefore no scope, so sign-up would only create dead accounts.
            adminCreateUserConfig: { allowAdminCreateUserOnly: true },
            userPoolAddOns: threat ? { advancedSecurityMode: "ENFORCED" } : undefined,
            deletionProtection: config.protect ? "ACTIVE" : "INACTIVE",
            lambdaConfig: { preTokenGenerationConfig: { lambdaArn: preToken.arn, lambdaVersion: "V2_0" } },
        }, { parent: this, protect: config.protect });

        new aws.lambda.Permission(`${name}-preTokenGeneration-invoke`, {
            action: "lambda:InvokeFunction",
            function: preToken.name,
            principal: "cognito-idp.amazonaws.com",
            sourceArn: this.userPool.arn,
            sourceAccount: accountId,
        }, { parent: this });

        for (const group of GROUPS) {
            new aws.cognito.UserGroup(`${name}-group-${group}`, {
                name: group,
                userPoolId: this.userPool.id,
                precedence: AUTH_LAYER_DEFAULTS.groupPrecedence[group],
                description: `Members receive the scopes ${GROUP_SCOPES[group].join(", ")}.`,
            }, { parent: this });
        }

        const resourceServer = new aws.cognito.ResourceServer(`${name}-api`, {
            identifier: RESOURCE_SERVER,
            name: "Portcullis API",
            userPoolId: this.userPool.id,
            scopes: SCOPES.map((scope) => ({ scopeName: scope, scopeDescription: `The ${scope} scope of the Portcullis API.` })),
        }, { parent: this });

        const userScopes = [...new Set(GROUPS.flatMap((g) => GROUP_SCOPES[g]))].map(fullScope);
        const clientDefaults = {
            userPoolId: this.userPool.id,
            allowedOauthFlowsUserPoolClient: true,
            supportedIdentityProviders: ["COGNITO"],
            preventUserExistenceErrors: "ENABLED",
            enableTokenRevocation: true,
            accessTokenValidity: auth.accessTokenMinutes,
            idTokenValidity: auth.accessTokenMinutes,
            refreshTokenValidity: AUTH_LAYER_DEFAULTS.refreshTokenDays,
            tokenValidityUnits: { accessToken: "minutes", idToken: "minutes", refreshToken: "days" },
            authSessionValidity: AUTH_LAYER_DEFAULTS.authSessionMinutes,
        };
        // Public: no secret, so only the authorization-code flow, for which Cognito requires PKCE from public
        // clients; people sign in on the hosted UI, which needs no explicit auth flow. Refresh is the one explicit
        // flow (REFRESH_TOKEN_AUTH and the token endpoint's refresh_token grant): SRP stays off because no client of
        // ours speaks it, and local mode's pool allows exactly these flows per client (local/identity.ts).
        this.webClient = new aws.cognito.UserPoolClient(`${name}-web`, {
            ...clientDefaults,
            name: `${config.prefix}-web`,
            generateSecret: false,
            allowedOauthFlows: ["code"],
            allowedOauthScopes: [...userScopes, ...AUTH_LAYER_DEFAULTS.webClientOidcScopes],
            callbackUrls: [...auth.callbackUrls, ...portalUrl(config, AUTH_LAYER_DEFAULTS.portalCallbackPath)],
            logoutUrls: [...auth.logoutUrls, ...portalUrl(config, AUTH_LAYER_DEFAULTS.portalSignOutPath)],
            explicitAuthFlows: ["ALLOW_REFRESH_TOKEN_AUTH"],
        }, { parent: this, dependsOn: [resourceServer] });

        // Confidential: machine-to-machine with its secret. Client credentials issue no refresh token, so the one
        // explicit flow left (Cognito refuses an empty list and would otherwise enable SRP and custom auth) is inert.
        this.serviceClient = new aws.cognito.UserPoolClient(`${name}-service`, {
            ...clientDefaults,
            name: `${config.prefix}-service`,
            generateSecret: true,
            allowedOauthFlows: ["client_credentials"],
            allowedOauthScopes: SERVICE_CLIENT_SCOPES.map(fullScope),
            explicitAuthFlows: ["ALLOW_REFRESH_TOKEN_AUTH"],
        }, { parent: this, dependsOn: [resourceServer] });

        // Public and password-based, for scripts, tests and the quick start's curl (InitiateAuth USER_PASSWORD_AUTH,
        // then REFRESH_TOKEN_AUTH): the password goes to Cognito over TLS, which is why only stacks that set
        // auth.passwordClient get this client (dev does, prod does not) and people use the web client instead.
        // No OAuth flow: it never sees the hosted UI. Its tokens get group scopes from the trigger like the web's.
        if (auth.passwordClient) {
            this.cliClient = new aws.cognito.UserPoolClient(`${name}-cli`, {
                ...clientDefaults,
                name: `${config.prefix}-cli`,
                generateSecret: false,
                allowedOauthFlowsUserPoolClient: false,
                explicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
            }, { parent: this });
        }

        this.domain = new aws.cognito.UserPoolDomain(`${name}-domain`, {
            domain: auth.domainPrefix,
            userPoolId: this.userPool.id,
        }, { parent: this });

        this.identityPool = this.identities(name, config);

        const issuer = pulumi.interpolate`https://cognito-idp.${config.region}.amazonaws.com/${this.userPool.id}`;
        // Order matters to local mode, which reads the clients back from this variable: web, service, then cli.
        const clientIds = pulumi.output([this.webClient.id, this.serviceClient.id, ...(this.cliClient ? [this.cliClient.id] : [])]);
        this.authorizer = fn("authorizer", "Lambda REQUEST authorizer: verifies Cognito access tokens and returns the caller's policy.", {
            USER_POOL_ID: this.userPool.id,
            ISSUER: issuer,
            ALLOWED_CLIENT_IDS: clientIds.apply((ids) => ids.join(",")),
        });

        this.refs = {
            userPoolId: this.userPool.id,
            userPoolArn: this.userPool.arn,
            issuer,
            clientIds,
            authorizerArn: this.authorizer.arn,
        };
        this.registerOutputs({
            userPoolId: this.userPool.id,
            issuer,
            webClientId: this.webClient.id,
            serviceClientId: this.serviceClient.id,
            cliClientId: this.cliClient?.id,
            identityPoolId: this.identityPool.id,
            authorizerArn: this.authorizer.arn,
        });
    }

    /**
     * The identity pool: signed-in users of the web client only, each mapped by group to a role. The roles hold
     * no permission yet (nothing in AWS is reachable with them); a caller in no group gets no credentials at all.
     */
    private identities(name: string, config: StackConfig): aws.cognito.IdentityPool {
        const pool = new aws.cognito.IdentityPool(`${name}-identities`, {
            identityPoolName: `${config.prefix}-identities`,
            allowUnauthenticatedIdentities: false,
            allowClassicFlow: false,
            cognitoIdentityProviders: [{ clientId: this.webClient.id, providerName: this.userPool.endpoint, serverSideTokenCheck: true }],
        }, { parent: this });

        const roles = Object.fromEntries(
            GROUPS.map((group) => [
                group,
                new aws.iam.Role(`${name}-identity-${group}`, {
                    description: `Role of signed-in ${group} users through the identity pool; no permissions yet.`,
                    assumeRolePolicy: pool.id.apply((id) =>
                        JSON.stringify({
                            Version: "2012-10-17",
                            Statement: [{
                                Effect: "Allow",
                                Principal: { Federated: "cognito-identity.amazonaws.com" },
                                Action: "sts:AssumeRoleWithWebIdentity",
                                Condition: {
                                    StringEquals: { "cognito-identity.amazonaws.com:aud": id },
                                    "ForAnyValue:StringLike": { "cognito-identity.amazonaws.com:amr": "authenticated" },
                                },
                            }],
                        }),
                    ),
                }, { parent: this }),
            ]),
        ) as Record<Group, aws.iam.Role>;

        new aws.cognito.IdentityPoolRoleAttachment(`${name}-identity-roles`, {
            identityPoolId: pool.id,
            // The pool-wide default applies only to providers without a mapping; the one provider has one.
            roles: { authenticated: roles.customer.arn },
            roleMappings: [{
                identityProvider: pulumi.interpolate`${this.userPool.endpoint}:${this.webClient.id}`,
                type: "Rules",
                ambiguousRoleResolution: "Deny",
                // First match wins: admin before customer.
                mappingRules: [...GROUPS].sort((a, b) => AUTH_LAYER_DEFAULTS.groupPrecedence[a] - AUTH_LAYER_DEFAULTS.groupPrecedence[b]).map((group) => ({
                    claim: "cognito:groups",
                    matchType: "Contains",
                    value: group,
                    roleArn: roles[group].arn,
                })),
            }],
        }, { parent: this });
        return pool;
    }
}
