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

/**
 * Reads a Node request stream to a string, refusing more than `limit` bytes with a
 * `payload_too_large` error as soon as the limit is passed (it does not buffer the rest). For
 * adapters whose framework does not read the body itself.
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
  return size === 0 ? undefined : Buffer.concat(chunks, size).toString('utf8');
}
