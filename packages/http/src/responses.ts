import type { Reply, ResponseHeaders } from './types.js';

/**
 * A JSON reply. Default status 200.
 *
 * @example
 * ```ts
 * return json({ status: 'ok' });
 * ```
 */
export function json(body: unknown, status = 200, headers?: ResponseHeaders): Reply {
  return headers ? { status, body, headers } : { status, body };
}

/** A `201 Created` JSON reply. */
export function created(body: unknown, headers?: ResponseHeaders): Reply {
  return json(body, 201, headers);
}

/** A `204 No Content` reply. */
export function noContent(headers?: ResponseHeaders): Reply {
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
): Reply {
  return { status: 200, stream: chunks, headers: { ...headers, 'content-type': contentType } };
}
