/**
 * The wire contract of the Truss API: every route as data (method, path, auth, the zod schemas of
 * its parameters, query, body and success response), and the API's JSON views. Zod and
 * `@truss/core` only — no server code — so a browser app or `@truss/client` imports it to type its
 * calls and validate its forms with the very schemas the server validates with.
 *
 * @example
 * ```ts
 * import { trussContract } from '@truss/api/contract';
 *
 * const result = trussContract.auth.register.body.safeParse(formValues);
 * if (!result.success) showErrors(result.error.issues);
 * ```
 *
 * @module @truss/api/contract
 */

export type { SalesReportView } from './contract/analytics.js';
export {
  analyticsContract,
  daysBetween,
  MAX_SALES_RANGE_DAYS,
  salesDayView,
  salesQuery,
  salesReportView,
} from './contract/analytics.js';
export {
  authContract,
  codeBody,
  loginBody,
  mfaStatusView,
  mfaVerifyBody,
  refreshBody,
  registerBody,
  secondFactorBody,
} from './contract/auth.js';
export type { ErrorBody } from './contract/common.js';
export { cursorQuery, errorBody, idParams, limitQuery, pageOf, sortQuery } from './contract/common.js';
export { exportContract, exportQuery } from './contract/exports.js';
export type { TrussContract } from './contract/index.js';
export { trussContract } from './contract/index.js';
export {
  orderContract,
  orderCreateBody,
  orderListQuery,
  payOrderBody,
  shipOrderBody,
} from './contract/orders.js';
export {
  productContract,
  productCreateBody,
  productListQuery,
  productUpdateBody,
  stockAdjustmentBody,
} from './contract/products.js';
export { userContract, userListQuery, userUpdateBody } from './contract/users.js';
export type { OrderView, ProductView, UserView } from './contract/views.js';
export {
  loginView,
  mfaChallengeView,
  orderItemView,
  orderView,
  productView,
  tokenPairView,
  userView,
} from './contract/views.js';
export { into } from './contract/wire.js';
