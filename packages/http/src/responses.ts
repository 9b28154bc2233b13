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

async function* once(chunk: string | Uint8Array): AsyncIterable<string | Uint8Array> {
  yield chunk;
}

/**
 * A non-JSON reply of known length — a text document (Prometheus metrics, HTML) or a file's bytes —
 * sent as it is with `content-type` and `content-length`. Default status 200.
 *
 * @example
 * ```ts
 * return content('<!doctype html><title>Docs</title>', 'text/html; charset=utf-8');
 * ```
 */
export function content(
  body: string | Uint8Array,
  contentType: string,
  headers: ResponseHeaders = {},
  status = 200,
): Reply<never> {
  const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
  return {
    status,
    stream: once(bytes),
    headers: { ...headers, 'content-type': contentType, 'content-length': String(bytes.byteLength) },
  };
}
