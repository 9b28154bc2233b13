import { type TrussContract, trussContract } from '@truss/api/contract';
import { z } from 'zod';
import { type Caller, createCaller } from './call-endpoint.js';
import type { CallOptions, ClientOf, ContractShape } from './endpoint-types.js';
import { type CallInput, decode, send, type Transport } from './send-request.js';
import { ClientSession, type RefreshTokenMode, type TokenPair, type TrussSession } from './session.js';

/**
 * Options of {@link createTrussClient}.
 *
 * @example
 * ```ts
 * const options: TrussClientOptions = { baseUrl: 'http://127.0.0.1:3000', refreshToken: 'memory' };
 * ```
 */
export interface TrussClientOptions {
  /**
   * Where the API is, e.g. `https://api.example.com` (no trailing slash). Default `''`: the page's
   * own origin, in a browser; required elsewhere.
   */
  baseUrl?: string;
  /**
   * Where the refresh token lives (see {@link RefreshTokenMode}). Default: `cookie` in a browser,
   * `memory` elsewhere.
   */
  refreshToken?: RefreshTokenMode;
  /** The fetch to use. Default: the global `fetch`. */
  fetch?: typeof globalThis.fetch;
  /** Headers sent with every request. */
  headers?: Readonly<Record<string, string>>;
  /**
   * Check every JSON answer against the contract's response schema, and answer its output; a body
   * that does not match is an `invalid_response`. Default `false` (answers are trusted).
   */
  validateResponses?: boolean;
}

/**
 * The Truss API as methods, grouped as the contract is (`auth`, `users`, `products`, `orders`,
 * `exports`), plus the {@link TrussSession}.
 *
 * @example
 * ```ts
 * const page = await client.products.list({ query: { in_stock: 'true', limit: 20 } });
 * ```
 */
export type TrussClient = ClientOf<TrussContract> & { readonly session: TrussSession };

const optionsSchema = z.strictObject({
  baseUrl: z
    .string()
    .regex(
      /^(https?:\/\/[^/?#]+(\/[^?#]*[^/?#])?)?$/,
      'must be an http(s) URL without a trailing slash, or empty',
    )
    .optional(),
  refreshToken: z.enum(['cookie', 'memory']).optional(),
  fetch: z.custom<typeof globalThis.fetch>((f) => typeof f === 'function', 'must be a function').optional(),
  headers: z.record(z.string(), z.string()).optional(),
  validateResponses: z.boolean().optional(),
});

const inBrowser = () => typeof (globalThis as { document?: unknown }).document !== 'undefined';

function endpoints<C extends ContractShape>(contract: C, call: Caller): ClientOf<C> {
  const group = (routes: ContractShape[string]) =>
    Object.freeze(
      Object.fromEntries(
        Object.entries(routes).map(([name, route]) => [
          name,
          (input?: CallInput, options?: CallOptions) => call(route, input ?? {}, options ?? {}),
        ]),
      ),
    );
  return Object.freeze(
    Object.fromEntries(Object.entries(contract).map(([name, routes]) => [name, group(routes)])),
  ) as ClientOf<C>;
}

/** The auth methods that start, renew and end the session. */
function sessionAuth(auth: ClientOf<TrussContract>['auth'], session: ClientSession) {
  const keep = <T>(result: T): T => {
    if (typeof result === 'object' && result !== null && 'access_token' in result) {
      const pair = result as unknown as TokenPair;
      session.set({ accessToken: pair.access_token, refreshToken: pair.refresh_token });
    }
    return result;
  };
  const ending =
    <A extends unknown[], R>(method: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await method(...args);
      } finally {
        session.clear();
      }
    };
  const logout: typeof auth.logout = (input, options) => {
    const refresh_token = session.refreshToken;
    const body = input?.body ?? (refresh_token ? { refresh_token } : undefined);
    return auth.logout(body ? { body } : {}, options);
  };
  return Object.freeze({
    ...auth,
    login: async (...args: Parameters<typeof auth.login>) => keep(await auth.login(...args)),
    mfaVerify: async (...args: Parameters<typeof auth.mfaVerify>) => keep(await auth.mfaVerify(...args)),
    refresh: async (...args: Parameters<typeof auth.refresh>) =>
      args[0]?.body ? keep(await auth.refresh(...args)) : session.renew(),
    logout: ending(logout),
    logoutAll: ending(auth.logoutAll),
  }) satisfies ClientOf<TrussContract>['auth'];
}

/**
 * A client for the Truss API, typed from its wire contract (`@truss/api/contract`): every route a
 * method that takes `{ params, query, body }` as the route reads them and answers its response
 * (`undefined` for a 204, a text stream for an export). Failures throw a `TrussClientError` with
 * the API's `code`. The access token stays in memory; a 401 `token_expired` renews it (one refresh
 * however many calls hit it at once) and the call is sent again. Works in browsers and in Node.
 *
 * @example
 * ```ts
 * import { createTrussClient } from '@truss/client';
 *
 * const client = createTrussClient({ baseUrl: 'http://127.0.0.1:3000' });
 * await client.auth.login({ body: { email: 'ada@example.com', password: 'correct horse battery staple' } });
 * const order = await client.orders.create({ body: { items: [{ product_id: id, quantity: 2 }] } });
 * await client.orders.pay({ params: { id: order.id }, body: { payment_token: 'tok_visa' } });
 * ```
 */
export function createTrussClient(options: TrussClientOptions = {}): TrussClient {
  const result = optionsSchema.safeParse(options);
  if (!result.success) {
    const issues = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new TypeError(`createTrussClient: invalid options — ${issues.join('; ')}`);
  }
  const config = result.data;
  const baseUrl = config.baseUrl ?? '';
  if (baseUrl === '' && !inBrowser()) {
    throw new TypeError('createTrussClient: baseUrl is required outside a browser');
  }
  const mode = config.refreshToken ?? (inBrowser() ? 'cookie' : 'memory');
  const fetchImpl = config.fetch ?? globalThis.fetch.bind(globalThis);
  const transport: Transport = Object.freeze({
    baseUrl,
    fetch: fetchImpl,
    credentials: mode === 'cookie' ? 'include' : 'same-origin',
    headers: Object.freeze({ ...config.headers }),
  });
  const validate = config.validateResponses ?? false;
  const refreshRoute = trussContract.auth.refresh;
  const session = new ClientSession(mode, async (refreshToken) => {
    // In cookie mode the request has no body at all: the HttpOnly cookie carries the token.
    const input = refreshToken ? { body: { refresh_token: refreshToken } } : {};
    return (await decode(
      refreshRoute,
      await send(transport, refreshRoute, input, {}, null),
      validate,
    )) as TokenPair;
  });
  const api = endpoints(trussContract, createCaller(transport, session, validate));
  return Object.freeze({ ...api, auth: sessionAuth(api.auth, session), session });
}
