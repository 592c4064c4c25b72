import { PortcullisApiError, toApiError } from "./errors";
import { backoffDelay, DEFAULT_RETRY, parseRetryAfter, type RetryOptions } from "./retry";

export { PortcullisApiError, type ErrorSource } from "./errors";
export { DEFAULT_RETRY, type RetryOptions } from "./retry";

/** Returns the current access token (without `Bearer`); called before every attempt, so it may refresh. */
export type TokenProvider = () => string | undefined | Promise<string | undefined>;

/** A request about to be sent, for a {@link RequestSigner}. */
export interface OutgoingRequest {
    method: string;
    url: string;
    headers: Record<string, string>;
    body?: string;
}

/** Signs a request for SigV4 routes and returns the headers to add (e.g. from `@smithy/signature-v4`). */
export type RequestSigner = (request: OutgoingRequest) => Promise<Record<string, string>>;

/** Options of {@link PortcullisRuntime}. */
export interface ClientOptions {
    /** The API's base URL, e.g. `https://api.example.com` or `http://localhost:3000`. */
    baseUrl: string;
    /** Sent as `x-api-key` on operations that need a key. */
    apiKey?: string;
    /** Supplies the bearer token for operations that need one. */
    token?: TokenProvider;
    /**
     * Base URL of the SigV4 operations (the internal route): the stage's own execute-api endpoint, the stack
     * output `internalApiUrl` (`https://<api id>.execute-api.<region>.amazonaws.com/<stage>`; locally
     * `internalApiUrl` in `.local/endpoints.json`). SigV4 signs the host and path API Gateway receives, so these
     * operations are sent, and signed, there and never to `baseUrl`: through CloudFront no signature can match.
     * Required only for them.
     */
    internalBaseUrl?: string;
    /**
     * Signs requests to SigV4 operations for the host and path of the URL it is given (which starts with
     * `internalBaseUrl`), e.g. with `@smithy/signature-v4` for service `execute-api`; required only for them.
     */
    signer?: RequestSigner;
    /** Retry policy for 429 and 503; defaults in {@link DEFAULT_RETRY}. */
    retry?: Partial<RetryOptions>;
    /** Default: the global `fetch`. */
    fetch?: typeof fetch;
    /** Default: a timer. Injectable so tests and schedulers control waiting. */
    sleep?: (ms: number) => Promise<void>;
    /** Default: `Math.random`, for backoff jitter. */
    random?: () => number;
    /** Default: `crypto.randomUUID`. Makes an idempotency key when a call does not pass one. */
    newIdempotencyKey?: () => string;
}

/** Per-call options. */
export interface RequestOptions {
    signal?: AbortSignal;
}

/** How to call one operation; the generated client holds one per operation. */
export interface OperationSpec {
    operationId: string;
    method: "GET" | "POST" | "PUT" | "DELETE";
    /** With `{param}` placeholders. */
    path: string;
    auth: "none" | "token" | "sigv4";
    apiKey: boolean;
    /** Header that makes retries safe; the client fills it in when the caller does not. */
    idempotencyHeader?: string;
}

/** The values of one call, by where they go. */
export interface OperationInput {
    path?: Record<string, string>;
    query?: Record<string, string | undefined>;
    headers?: Record<string, string | undefined>;
    body?: unknown;
}

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The hand-written runtime under the generated `PortcullisClient`: URLs, credentials, JSON, errors and retries.
 * Only 429 and 503 are retried: both mean nothing was done (API Gateway throttled before any handler ran, or a
 * handler found a store unavailable and changed nothing), so even a POST is safe to resend; createOrder also
 * carries the same idempotency key on every attempt. A 429 for a spent quota is not retried: it lasts until the
 * quota period ends.
 */
export class PortcullisRuntime {
    private readonly baseUrl: string;
    private readonly internalBaseUrl: string | undefined;
    private readonly retry: RetryOptions;

    constructor(private readonly options: ClientOptions) {
        this.baseUrl = options.baseUrl.replace(/\/+$/, "");
        this.internalBaseUrl = options.internalBaseUrl?.replace(/\/+$/, "");
        this.retry = { ...DEFAULT_RETRY, ...options.retry };
        if (!Number.isInteger(this.retry.maxAttempts) || this.retry.maxAttempts < 1) throw new RangeError("[retry.maxAttempts] must be an integer of at least 1");
    }

    /** Calls one operation and returns its parsed JSON body (undefined for 204), or throws {@link PortcullisApiError}. */
    protected async call<T>(spec: OperationSpec, input: OperationInput, options: RequestOptions = {}): Promise<T> {
        const url = this.url(spec, input);
        const body = input.body === undefined ? undefined : JSON.stringify(input.body);
        const headers: Record<string, string> = { Accept: "application/json" };
        for (const [name, value] of Object.entries(input.headers ?? {})) if (value !== undefined) headers[name] = value;
        if (spec.idempotencyHeader && headers[spec.idempotencyHeader] === undefined) {
            // Made once per call, so every retry of this call carries the same key.
            headers[spec.idempotencyHeader] = (this.options.newIdempotencyKey ?? (() => crypto.randomUUID()))();
        }
        if (body !== undefined) headers["Content-Type"] = "application/json";
        if (spec.apiKey && this.options.apiKey !== undefined) headers["x-api-key"] = this.options.apiKey;

        for (let attempt = 1; ; attempt++) {
            const sent = await this.authorize(spec, { method: spec.method, url, headers: { ...headers }, body });
            const response = await (this.options.fetch ?? fetch)(url, { method: spec.method, headers: sent, body, signal: options.signal });
            const text = await response.text();
            if (response.ok) return (text === "" ? undefined : JSON.parse(text)) as T;
            const retryAfterMs = parseRetryAfter(response.headers.get("retry-after"));
            const error = toApiError(response.status, text, response.headers, retryAfterMs);
            const delay = this.retryDelay(error, attempt);
            if (delay === undefined) throw error;
            await (this.options.sleep ?? sleepFor)(delay);
        }
    }

    /** The wait before the next attempt, or undefined when this error must be thrown. */
    private retryDelay(error: PortcullisApiError, attempt: number): number | undefined {
        const retryable = error.status === 503 || (error.status === 429 && error.code !== "QuotaExceeded");
        if (!retryable || attempt >= this.retry.maxAttempts) return undefined;
        if (error.retryAfterMs !== undefined) return error.retryAfterMs <= this.retry.maxDelayMs ? error.retryAfterMs : undefined;
        return backoffDelay(attempt, this.retry, this.options.random ?? Math.random);
    }

    private async authorize(spec: OperationSpec, request: OutgoingRequest): Promise<Record<string, string>> {
        switch (spec.auth) {
            case "none":
                return request.headers;
            case "token": {
                const token = await this.options.token?.();
                return token === undefined ? request.headers : { ...request.headers, Authorization: `Bearer ${token}` };
            }
            case "sigv4": {
                if (!this.options.signer) throw new Error(`${spec.operationId} is signed with SigV4: pass a signer in the client options`);
                return { ...request.headers, ...(await this.options.signer(request)) };
            }
            default: {
                const exhaustive: never = spec.auth;
                throw new Error(`Unknown auth ${String(exhaustive)}`);
            }
        }
    }

    private url(spec: OperationSpec, input: OperationInput): string {
        const path = spec.path.replace(/\{(\w+)\}/g, (_, name: string) => {
            const value = input.path?.[name];
            if (value === undefined) throw new Error(`${spec.operationId}: missing path parameter ${name}`);
            return encodeURIComponent(value);
        });
        const query = new URLSearchParams();
        for (const [name, value] of Object.entries(input.query ?? {})) if (value !== undefined) query.set(name, value);
        const qs = query.toString();
        return `${this.base(spec)}${path}${qs ? `?${qs}` : ""}`;
    }

    /** Where an operation is sent: SigV4 operations to the execute-api endpoint, everything else to `baseUrl`. */
    private base(spec: OperationSpec): string {
        if (spec.auth !== "sigv4") return this.baseUrl;
        if (this.internalBaseUrl === undefined) {
            throw new Error(`${spec.operationId} is signed with SigV4 for the stage's execute-api endpoint: pass internalBaseUrl (the stack output internalApiUrl) in the client options`);
        }
        return this.internalBaseUrl;
    }
}
