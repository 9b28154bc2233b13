/**
 * A typed client for the Truss API. Its types come from the API's wire contract
 * (`@truss/api/contract`, the zod schemas the server validates with): no hand-written copies, no
 * code generation step. Every endpoint is a method with typed input and output; failures are a
 * `TrussClientError` with the API's error `code`; the access token stays in memory and is renewed
 * through the HttpOnly refresh cookie, one refresh at a time. Browsers and Node (fetch).
 *
 * @example
 * ```ts
 * import { createTrussClient, isTrussClientError } from '@truss/client';
 *
 * const client = createTrussClient({ baseUrl: 'http://127.0.0.1:3000' });
 * await client.auth.login({ body: { email, password } });
 * try {
 *   await client.users.list();
 * } catch (error) {
 *   if (isTrussClientError(error) && error.code === 'forbidden') console.log('Admins only');
 * }
 * ```
 *
 * @module @truss/client
 */

export type { TrussClientErrorCode, TrussClientErrorOptions } from './client-error.js';
export { isTrussClientError, TrussClientError } from './client-error.js';
export type { TrussClient, TrussClientOptions } from './create-truss-client.js';
export { createTrussClient } from './create-truss-client.js';
export type {
  CallOptions,
  ClientOf,
  ContractShape,
  EndpointContract,
  EndpointInput,
  EndpointMethod,
  EndpointOutput,
} from './endpoint-types.js';
export type { RefreshTokenMode, SessionTokens, TokenPair, TrussSession } from './session.js';
