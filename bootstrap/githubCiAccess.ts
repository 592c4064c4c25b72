import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { BootstrapConfig } from "./config";
import {
    DEPLOY_AREAS, GITHUB_AUDIENCE, GITHUB_ISSUER, PolicyDocument, ROLE_NAMES, Scope, deployPolicies, githubTrust, previewDenies, readOnlyPolicy, stateBackendStatements, subjects,
} from "./documents";

/** Arguments of {@link GithubCiAccess}. */
export interface GithubCiAccessArgs {
    /** The validated bootstrap config (repository, stages, OIDC provider, state backend). */
    config: BootstrapConfig;
    /** The account id the roles' permissions are scoped to. */
    account: pulumi.Input<string>;
}

/**
 * What GitHub Actions may do in this account: the OIDC identity provider for token.actions.githubusercontent.com
 * (unless the account already has one), a read-only preview role trusted by the repository's pull requests and by
 * jobs on `main` without an environment (the pre-approval preview of prod), and one deploy role per stage trusted
 * only by jobs in that stage's GitHub environment. No access keys anywhere: every credential is an STS session.
 */
export class GithubCiAccess extends pulumi.ComponentResource {
    /** The OIDC provider's ARN (created here or the configured existing one). */
    public readonly providerArn: pulumi.Output<string>;
    /** The repository variable `AWS_PREVIEW_ROLE_ARN`. */
    public readonly previewRoleArn: pulumi.Output<string>;
    /** Per stage name, the environment variable `AWS_DEPLOY_ROLE_ARN` of that stage's GitHub environment. */
    public readonly deployRoleArns: Record<string, pulumi.Output<string>>;

    constructor(name: string, args: GithubCiAccessArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("portcullis:bootstrap:GithubCiAccess", name, {}, opts);
        const { config, account } = args;
        // Documents are built from plain values once the account id is known.
        const scoped = <T>(build: (scope: Scope) => T) => pulumi.output(account).apply((a) => build({ account: a, region: config.region }));
        const child = { parent: this };

        this.providerArn = config.existingOidcProviderArn !== undefined
            ? pulumi.output(config.existingOidcProviderArn)
            : new aws.iam.OpenIdConnectProvider(`${name}-github`, {
                url: `https://${GITHUB_ISSUER}`,
                clientIdLists: [GITHUB_AUDIENCE],
                // No thumbprint: IAM verifies GitHub's certificate against its own trusted CAs for this issuer
                // (thumbprints are optional since @pulumi/aws 6 and ignored by IAM for it).
            }, child).arn;

        const readPolicy = this.managedPolicy(`${name}-read`, "portcullis-ci-read",
            "Describe, get and list of the Portcullis stacks' configuration, never their data.", scoped(readOnlyPolicy));

        const preview = this.role(`${name}-preview`, ROLE_NAMES.preview, "pulumi preview from pull requests and from main before approval (read-only).",
            [subjects.pullRequest(config), subjects.main(config)], 3600);
        this.attach(`${name}-preview-read`, preview, readPolicy);
        new aws.iam.RolePolicy(`${name}-preview-denies`, { role: preview.name, policy: scoped((scope) => JSON.stringify(previewDenies(scope))) }, child);
        if (config.stateBackend !== undefined) {
            const state = this.managedPolicy(`${name}-state-read`, "portcullis-ci-state-read", "Reads the self-managed Pulumi state and decrypts its secrets.",
                { Version: "2012-10-17", Statement: stateBackendStatements(config.stateBackend, false) });
            this.attach(`${name}-preview-state`, preview, state);
        }
        this.previewRoleArn = preview.arn;

        const stateWrite = config.stateBackend === undefined ? undefined
            : this.managedPolicy(`${name}-state-write`, "portcullis-ci-state-write", "Reads and writes the self-managed Pulumi state and its secrets.",
                { Version: "2012-10-17", Statement: stateBackendStatements(config.stateBackend, true) });

        this.deployRoleArns = {};
        for (const stage of config.stages) {
            // A deploy of `prod` with Aurora and CloudFront outlasts STS's default hour.
            const role = this.role(`${name}-deploy-${stage.name}`, ROLE_NAMES.deploy(stage.name),
                `pulumi up of the ${stage.name} stack from GitHub environment ${stage.environment}.`, [subjects.environment(config, stage.environment)], 7200);
            this.attach(`${name}-deploy-${stage.name}-read`, role, readPolicy);
            for (const area of DEPLOY_AREAS) {
                const policy = this.managedPolicy(`${name}-deploy-${stage.name}-${area}`, `${ROLE_NAMES.deploy(stage.name)}-${area}`,
                    `Deploys the ${area} resources of portcullis-${stage.name}.`, scoped((scope) => deployPolicies(scope, stage.name)[area]));
                this.attach(`${name}-deploy-${stage.name}-${area}`, role, policy);
            }
            if (stateWrite !== undefined) this.attach(`${name}-deploy-${stage.name}-state`, role, stateWrite);
            this.deployRoleArns[stage.name] = role.arn;
        }

        this.registerOutputs({ providerArn: this.providerArn, previewRoleArn: this.previewRoleArn, deployRoleArns: this.deployRoleArns });
    }

    /** A role GitHub's OIDC tokens with one of `subs` may assume, for at most `maxSessionDuration` seconds. */
    private role(name: string, roleName: string, description: string, subs: string[], maxSessionDuration: number): aws.iam.Role {
        return new aws.iam.Role(name, {
            name: roleName,
            description,
            maxSessionDuration,
            assumeRolePolicy: this.providerArn.apply((arn) => JSON.stringify(githubTrust(arn, subs))),
        }, { parent: this });
    }

    /** A customer managed policy (named, so the deploy roles' deny on `portcullis-ci-*` covers it). */
    private managedPolicy(name: string, policyName: string, description: string, doc: pulumi.Input<PolicyDocument>): aws.iam.Policy {
        return new aws.iam.Policy(name, { name: policyName, description, policy: pulumi.output(doc).apply((d) => JSON.stringify(d)) }, { parent: this });
    }

    private attach(name: string, role: aws.iam.Role, policy: aws.iam.Policy): void {
        new aws.iam.RolePolicyAttachment(name, { role: role.name, policyArn: policy.arn }, { parent: this });
    }
}
