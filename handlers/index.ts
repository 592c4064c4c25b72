import type { RouteFunction } from "../contract/types";
import { createHandler as authorizer } from "./authorizer";
import { createHandler as catalogRead } from "./catalogRead";
import { createHandler as catalogWrite } from "./catalogWrite";
import { createHandler as createOrder } from "./createOrder";
import { createHandler as health } from "./health";
import { createHandler as imageUpload } from "./imageUpload";
import { createHandler as migrate } from "./migrate";
import { createHandler as orderReceipt } from "./orderReceipt";
import { createHandler as preTokenGeneration } from "./preTokenGeneration";
import { createHandler as readOrders } from "./readOrders";
import { createHandler as salesReport } from "./salesReport";
import { createHandler as stockUpdate } from "./stockUpdate";

/** Every function the stack deploys: the route functions of the contract and the three others. */
export type FunctionName = RouteFunction | "authorizer" | "migrate" | "preTokenGeneration";

/** A Lambda handler of any event type. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Handler = (event: any, context?: any) => Promise<any>;

/**
 * The callback factory of each function, for `aws.lambda.CallbackFunction({ callbackFactory })`: called once per
 * container, it reads the environment, builds the SDK clients and returns the handler.
 */
export const HANDLER_FACTORIES: Readonly<Record<FunctionName, () => Handler>> = Object.freeze({
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
