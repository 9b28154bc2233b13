import type { Reply, ResponseHeaders } from './types.js';

/**
 * A JSON reply. Default status 200.
 *
 * @example
 * ```ts
 * return json({ status: 'ok' });
 * ```
 */
export function json<B>(body: B, status = 200, headers?: ResponseHeaders): Reply<B> {
  return headers ? { status, body, headers } : { status, body };
}

/**
 * A `201 Created` JSON reply.
 *
 * @example
 * ```ts
 * return created(view, { location: `/api/v1/orders/${view.id}` });
 * ```
 */
export function created<B>(body: B, headers?: ResponseHeaders): Reply<B> {
  return json(body, 201, headers);
}

/**
 * A `204 No Content` reply.
 *
 * @example
 * ```ts
 * return noContent({ 'cache-control': 'no-store' });
 * ```
 */
export function noContent(headers?: ResponseHeaders): Reply<never> {
  return headers ? { status: 204, headers } : { status: 204 };
}

/**
 * A streamed reply: `chunks` are written as they come, with backpressure.
 *
 * @example
 * ```ts
 * return stream(toNdjson(rows), 'application/x-ndjson');
 * ```
 */
export function stream(
  chunks: AsyncIterable<string | Uint8Array>,
  contentType: string,
  headers: ResponseHeaders = {},
): Reply<never> {
  return { status: 200, stream: chunks, headers: { ...headers, 'content-type': contentType } };
}
