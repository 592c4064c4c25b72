import { expect } from "chai";
import { BOOTSTRAP_DEFAULTS, BootstrapConfigError, configValue, parseBootstrapConfig } from "../../bootstrap/config";

const VALID = { "aws:region": "eu-west-1", github: { owner: "example-org", repo: "portcullis" } };

/** The problems a raw config is refused with, or [] when it parses. */
function problems(raw: Record<string, unknown>): string[] {
    try {
        parseBootstrapConfig(raw);
        return [];
    } catch (e) {
        if (e instanceof BootstrapConfigError) return e.problems;
        throw e;
    }
}

describe("bootstrap config", () => {
    it("defaults to the dev and production environments, the CloudWatch role, and no Shield subscription", () => {
        const config = parseBootstrapConfig(VALID);
        expect(config.stages).to.deep.equal([{ name: "dev", environment: "dev" }, { name: "prod", environment: "production" }]);
        expect(config).to.include({ manageAccountCloudWatchRole: true, shieldAdvancedSubscription: false, shieldAutoRenew: "DISABLED", oidcSubjectIncludesRef: false });
        expect(config.stateBackend).to.equal(undefined);
        expect(Object.isFrozen(config)).to.equal(true);
        expect(BOOTSTRAP_DEFAULTS.shieldAdvancedSubscription).to.equal(false);
    });

    it("names the key and what is allowed for a bad GitHub owner and repository", () => {
        expect(problems({ ...VALID, github: { owner: "-bad-", repo: "a/b" } })).to.deep.equal([
            `portcullis-bootstrap:github.owner must be a GitHub user or organization name (letters, digits, single inner hyphens, at most 39); got "-bad-"`,
            `portcullis-bootstrap:github.repo must be a GitHub repository name (letters, digits, '.', '_', '-', at most 100); got "a/b"`,
        ]);
        expect(problems({ ...VALID, github: { owner: "a--b", repo: "x" } })[0]).to.match(/^portcullis-bootstrap:github\.owner must be/);
        expect(problems({ "aws:region": "eu-west-1" })).to.deep.equal([
            "portcullis-bootstrap:github must be an object { owner, repo }; got nothing",
            "portcullis-bootstrap:github.owner must be a GitHub user or organization name (letters, digits, single inner hyphens, at most 39); got nothing",
            "portcullis-bootstrap:github.repo must be a GitHub repository name (letters, digits, '.', '_', '-', at most 100); got nothing",
        ]);
    });

    it("refuses stage names that cannot prefix resource names, environments with ':', and duplicates", () => {
        expect(problems({ ...VALID, stages: [{ name: "Prod", environment: "prod:eu" }] })).to.deep.equal([
            `portcullis-bootstrap:stages[0].name must be a stack name: lower case, starting with a letter, at most 16 of a-z 0-9 -; got "Prod"`,
            `portcullis-bootstrap:stages[0].environment must be a GitHub environment name (letters, digits, '.', '_', '-', spaces; no ':'); got "prod:eu"`,
        ]);
        expect(problems({ ...VALID, stages: [{ name: "dev", environment: "dev" }, { name: "dev", environment: "other" }] })).to.deep.equal([
            `portcullis-bootstrap:stages names name "dev" twice; each stage needs its own`,
        ]);
        expect(problems({ ...VALID, stages: [] })).to.deep.equal(["portcullis-bootstrap:stages must be a non-empty list of { name, environment }; got []"]);
    });

    it("checks the region, the state backend, the existing provider ARN, flags and unknown keys", () => {
        expect(problems({
            ...VALID,
            "aws:region": "europe",
            stateBackend: { bucket: "Bad_Bucket", kmsKeyArn: "key" },
            existingOidcProviderArn: "arn:aws:iam::123456789012:oidc-provider/example.com",
            manageAccountCloudWatchRole: "yes",
            shieldAutoRenew: "ENABLED",
            shieldAdvanced: true,
        })).to.deep.equal([
            `aws:region must be an AWS region such as eu-west-1; got "europe"`,
            `portcullis-bootstrap:existingOidcProviderArn must be the ARN of the account's token.actions.githubusercontent.com OIDC provider; got "arn:aws:iam::123456789012:oidc-provider/example.com"`,
            `portcullis-bootstrap:stateBackend.bucket must be an S3 bucket name (3 to 63 lower-case letters, digits, '.', '-'); got "Bad_Bucket"`,
            `portcullis-bootstrap:stateBackend.kmsKeyArn must be a KMS key or alias ARN; got "key"`,
            "portcullis-bootstrap:shieldAutoRenew is set but portcullis-bootstrap:shieldAdvancedSubscription is not true; set both or neither",
            "portcullis-bootstrap:shieldAdvanced is not a bootstrap setting; allowed: github, stages, existingOidcProviderArn, oidcSubjectIncludesRef, stateBackend, manageAccountCloudWatchRole, shieldAdvancedSubscription, shieldAutoRenew",
            `portcullis-bootstrap:manageAccountCloudWatchRole must be true or false; got "yes"`,
        ]);
    });

    it("reads config values as Pulumi stores them", () => {
        expect(configValue('{"owner":"o"}')).to.deep.equal({ owner: "o" });
        expect(configValue("true")).to.equal(true);
        expect(configValue("arn:aws:iam::1:oidc-provider/x")).to.equal("arn:aws:iam::1:oidc-provider/x");
        expect(configValue(undefined)).to.equal(undefined);
    });
});
