import { expect } from "chai";
import { evaluateStack } from "../../harness/evaluate";

/** The error `pulumi up` would stop with, before any resource: the program run under mocks with `overrides`. */
async function failureOf(overrides: Record<string, string>): Promise<Error> {
    try {
        await evaluateStack("dev", overrides);
    } catch (e) {
        return e as Error;
    }
    throw new Error("expected the program to refuse its config");
}

describe("config/index (loadConfig)", () => {
    it("refuses a signing public key that is not PEM, naming the key and the form", async () => {
        const e = await failureOf({ "portcullis:signingPublicKey": "not a key", "portcullis:signingPrivateKey": "secret" });
        expect(e.name).to.equal("ConfigError");
        expect(e.message).to.include(
            'portcullis:signingPublicKey must be a PEM public key (-----BEGIN PUBLIC KEY----- ... -----END PUBLIC KEY-----); got "not a key"',
        );
    });

    it("refuses half a signing key pair", async () => {
        const e = await failureOf({ "portcullis:signingPublicKey": "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n" });
        expect(e.message).to.include(
            "portcullis:signingPublicKey and portcullis:signingPrivateKey (secret) must be set together, or neither to let the program generate the key pair",
        );
    });

    it("reports a bad section value from Pulumi's config with the parser's message", async () => {
        const e = await failureOf({ "portcullis:data": JSON.stringify({ azCount: 1 }) });
        expect(e.message).to.include("portcullis:data.azCount must be a whole number from 2 to 3; got 1");
    });
});
