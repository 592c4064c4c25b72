import type { ValidateFunction } from "ajv";
import Ajv from "ajv-draft-04";
import { SCHEMAS, type Route } from "../../contract";
import { gatewayErrors, type GatewayError } from "./errors";
import { validationErrorString } from "./validationReport";

/** What the request validators look at. */
export interface ValidationInput {
    headers: Readonly<Record<string, string>>;
    query: Readonly<Record<string, string>> | null;
    pathParameters: Readonly<Record<string, string>>;
    body: Buffer;
}

const CONTRACT_ID = "portcullis-contract";

/**
 * API Gateway's request validators for the contract: every route validates its parameters, routes with a body
 * also validate the body (`contract/openapi.ts` VALIDATORS). Models are JSON Schema draft 4, so `ajv-draft-04`
 * checks them, with `$ref`s resolved against the contract's `SCHEMAS` as API Gateway resolves them against the
 * API's models. Like API Gateway, the parameter validator only checks that required parameters are present and not
 * blank (their schemas are documentation), and `format` is not enforced.
 */
export class RequestValidators {
    // allErrors: API Gateway's report lists every failure, not the first.
    private readonly ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
    private readonly compiled = new Map<string, ValidateFunction>();

    constructor() {
        this.ajv.addSchema({ id: CONTRACT_ID, components: { schemas: SCHEMAS } });
    }

    /** The gateway's 400 for this request, or undefined when it passes. Parameters are checked before the body. */
    check(route: Route, input: ValidationInput): GatewayError | undefined {
        const missing = route.parameters.filter((p) => p.required && blank(valueOf(p.in, p.name, input))).map((p) => p.name);
        if (missing.length > 0) return gatewayErrors.missingParameters(missing);
        if (route.requestBody === undefined || !isJsonRequest(input.headers)) return undefined;
        let body: unknown;
        try {
            body = JSON.parse(input.body.toString("utf8"));
        } catch (err) {
            // Not JSON at all: the report is the parser's complaint (API Gateway's wording for this case is its
            // JSON parser's, which no JavaScript parser reproduces).
            return gatewayErrors.invalidBody(`[${(err as Error).message}]`);
        }
        const validate = this.validator(route.requestBody);
        return validate(body) ? undefined : gatewayErrors.invalidBody(validationErrorString(validate.errors ?? [], body));
    }

    private validator(schemaName: string): ValidateFunction {
        let fn = this.compiled.get(schemaName);
        if (fn === undefined) {
            fn = this.ajv.compile({ $ref: `${CONTRACT_ID}#/components/schemas/${schemaName}` });
            this.compiled.set(schemaName, fn);
        }
        return fn;
    }
}

function valueOf(location: "path" | "query" | "header", name: string, input: ValidationInput): string | undefined {
    switch (location) {
        case "path":
            return input.pathParameters[name];
        case "query":
            return input.query?.[name];
        case "header": {
            const lower = name.toLowerCase();
            return Object.entries(input.headers).find(([k]) => k.toLowerCase() === lower)?.[1];
        }
        default: {
            const exhaustive: never = location;
            throw new Error(`Unknown parameter location ${String(exhaustive)}`);
        }
    }
}

function blank(value: string | undefined): boolean {
    return value === undefined || value.trim() === "";
}

/**
 * API Gateway picks the model by the request's Content-Type and treats a missing one as application/json; a body
 * sent as another type has no model in this API and is passed through unvalidated, exactly as deployed (the
 * handlers validate again, which is what closes that gap).
 */
function isJsonRequest(headers: Readonly<Record<string, string>>): boolean {
    const contentType = Object.entries(headers).find(([k]) => k.toLowerCase() === "content-type")?.[1];
    return contentType === undefined || contentType.split(";")[0].trim().toLowerCase() === "application/json";
}
