import { TrussError } from '@truss/core';
import type { HeaderValues } from './types.js';

/** Default request body limit: 1 MiB. */
export const DEFAULT_BODY_LIMIT = 1024 * 1024;

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

function header(headers: HeaderValues, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : (value as string | undefined);
}

/**
 * Parses a raw request body as JSON. Answers `undefined` for an empty body; throws
 * `unsupported_media_type` when the content type is not JSON, `bad_request` for malformed JSON and
 * `payload_too_large` past `limit` bytes.
 *
 * @example
 * ```ts
 * parseJsonBody('{"a":1}', { 'content-type': 'application/json' }, 1024); // { a: 1 }
 * ```
 */
export function parseJsonBody(raw: string | undefined, headers: HeaderValues, limit: number): unknown {
  if (raw === undefined || raw.length === 0) return undefined;
  if (raw.length > limit || Buffer.byteLength(raw) > limit) {
    throw new TrussError('payload_too_large', `Request body is larger than ${limit} bytes`);
  }
  const type = header(headers, 'content-type');
  if (!type || !JSON_TYPE.test(type)) {
    throw new TrussError(
      'unsupported_media_type',
      'Request body must be JSON (Content-Type: application/json)',
    );
  }
  try {
    return JSON.parse(raw);
  } catch {
    throw new TrussError('bad_request', 'Request body is not valid JSON');
  }
}

const IDENTITY = /^\s*(?:identity\s*)?$/i;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The text of a raw request body, or `undefined` for an empty one. Throws
 * `unsupported_media_type` (415) for a body in any `Content-Encoding` but `identity` — the kernel
 * decodes no compression, and would otherwise read compressed bytes as text — and `bad_request`
 * (400) for bytes that are not UTF-8, rather than storing U+FFFD in their place. Adapters call it
 * on the bytes their framework read.
 *
 * @example
 * ```ts
 * decodeBody(Buffer.from('{"a":1}'), { 'content-type': 'application/json' }); // '{"a":1}'
 * ```
 */
export function decodeBody(bytes: Uint8Array, headers: HeaderValues): string | undefined {
  if (bytes.byteLength === 0) return undefined;
  const encoding = header(headers, 'content-encoding');
  if (encoding !== undefined && !IDENTITY.test(encoding)) {
    throw new TrussError(
      'unsupported_media_type',
      'Request bodies are not decoded: send the body without a Content-Encoding',
    );
  }
  try {
    return utf8.decode(bytes);
  } catch {
    throw new TrussError('bad_request', 'Request body is not valid UTF-8');
  }
}

/**
 * Reads a Node request stream to a string, refusing more than `limit` bytes with a
 * `payload_too_large` error as soon as the limit is passed (it does not buffer the rest), then
 * decodes it with {@link decodeBody} (415 for a `Content-Encoding`, 400 for bytes not in UTF-8). For
 * adapters whose framework does not read the body itself.
 *
 * @example
 * ```ts
 * const text = await readBodyText(req, req.headers, kernel.bodyLimit);
 * ```
 */
export async function readBodyText(
  stream: AsyncIterable<Uint8Array | string>,
  headers: HeaderValues,
  limit: number,
): Promise<string | undefined> {
  const declared = Number(header(headers, 'content-length'));
  if (declared > limit)
    throw new TrussError('payload_too_large', `Request body is larger than ${limit} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer =
      typeof chunk === 'string'
        ? Buffer.from(chunk)
        : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    size += buffer.byteLength;
    if (size > limit) throw new TrussError('payload_too_large', `Request body is larger than ${limit} bytes`);
    chunks.push(buffer);
  }
  return decodeBody(Buffer.concat(chunks, size), headers);
}
