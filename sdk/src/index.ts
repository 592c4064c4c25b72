/** The Portcullis API SDK: the generated client and models, and the runtime they share. */
export * from "./generated";
export { DEFAULT_RETRY, PortcullisApiError, PortcullisRuntime } from "./client";
export type { ClientOptions, ErrorSource, OperationInput, OperationSpec, OutgoingRequest, RequestOptions, RequestSigner, RetryOptions, TokenProvider } from "./client";
