import type { FunctionKey } from "./keys";
import type { FunctionManifest } from "./manifest";
import { createHandler as authorizer, manifest as authorizerManifest } from "./authorizer";
import { createHandler as catalogRead, manifest as catalogReadManifest } from "./catalogRead";
import { createHandler as catalogWrite, manifest as catalogWriteManifest } from "./catalogWrite";
import { createHandler as createOrder, manifest as createOrderManifest } from "./createOrder";
import { createHandler as health, manifest as healthManifest } from "./health";
import { createHandler as imageUpload, manifest as imageUploadManifest } from "./imageUpload";
import { createHandler as migrate, manifest as migrateManifest } from "./migrate";
import { createHandler as orderReceipt, manifest as orderReceiptManifest } from "./orderReceipt";
import { createHandler as preTokenGeneration, manifest as preTokenGenerationManifest } from "./preTokenGeneration";
import { createHandler as readOrders, manifest as readOrdersManifest } from "./readOrders";
import { createHandler as salesReport, manifest as salesReportManifest } from "./salesReport";
import { createHandler as stockUpdate, manifest as stockUpdateManifest } from "./stockUpdate";

/** Every function the stack deploys, by key (`handlers/keys.ts`). */
export { FUNCTION_KEYS, type FunctionKey } from "./keys";

/** A Lambda handler of any event type. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Handler = (event: any, context?: any) => Promise<any>;

/**
 * The callback factory of each function, serialized and bundled by handlers/packaging.ts: called once per
 * container (the bundle's `handler` export is its result), it reads the environment, builds the SDK clients and
 * returns the handler.
 */
export const HANDLER_FACTORIES: Readonly<Record<FunctionKey, () => Handler>> = Object.freeze({
    authorizer,
    health,
    catalogRead,
    catalogWrite,
    imageUpload,
    createOrder,
    readOrders,
    orderReceipt,
    salesReport,
    stockUpdate,
    migrate,
    preTokenGeneration,
});

/** The manifest of each function (handlers/manifest.ts): what its code requires and may do. */
export const MANIFESTS: Readonly<Record<FunctionKey, FunctionManifest>> = Object.freeze({
    authorizer: authorizerManifest,
    health: healthManifest,
    catalogRead: catalogReadManifest,
    catalogWrite: catalogWriteManifest,
    imageUpload: imageUploadManifest,
    createOrder: createOrderManifest,
    readOrders: readOrdersManifest,
    orderReceipt: orderReceiptManifest,
    salesReport: salesReportManifest,
    stockUpdate: stockUpdateManifest,
    migrate: migrateManifest,
    preTokenGeneration: preTokenGenerationManifest,
});
