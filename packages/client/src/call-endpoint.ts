import { isTrussClientError } from './client-error.js';
import type { CallOptions, EndpointContract } from './endpoint-types.js';
import { type CallInput, decode, errorFrom, send, type Transport } from './send-request.js';
import type { ClientSession } from './session.js';

/** Calls one route and answers its decoded success body. */
export type Caller = (route: EndpointContract, input: CallInput, options: CallOptions) => Promise<unknown>;

/**
 * The caller every method of the client goes through. Routes that take a token get the session's;
 * a 401 `token_expired` renews the session — one refresh for every call that hit it — and the call
 * is sent once more with the new token. An `optional`-auth route whose session cannot be renewed
 * is sent without a token.
 */
export function createCaller(transport: Transport, session: ClientSession, validate: boolean): Caller {
  return async (route, input, options) => {
    const auth = route.auth ?? 'none';
    if (auth === 'none') return decode(route, await send(transport, route, input, options, null), validate);

    // A refresh already under way: wait for its token rather than spend a request on a stale one.
    await session.settled();
    const token = session.accessToken;
    const response = await send(transport, route, input, options, token);
    if (response.status !== 401 || token === null) return decode(route, response, validate);

    const error = await errorFrom(response);
    if (error.code !== 'token_expired') throw error;
    let fresh: string | null;
    try {
      // Another call may have renewed the session since this one was sent.
      fresh = session.accessToken !== token ? session.accessToken : (await session.renew()).access_token;
    } catch (refreshError) {
      if (auth === 'optional' && isTrussClientError(refreshError) && refreshError.status === 401)
        fresh = null;
      else throw refreshError;
    }
    if (fresh === null && auth === 'required') throw error;
    return decode(route, await send(transport, route, input, options, fresh), validate);
  };
}
