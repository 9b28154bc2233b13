import { TrussError } from '@truss/core';
import type { Kernel } from './kernel.js';
import type { TrussResponse } from './types.js';

/**
 * The error the kernel answers for a request Node's HTTP parser refused (the server's `clientError`
 * event, before any framework runs), or `null` when there is no one to answer (the client reset
 * the connection). Headers over Node's limit (16 KiB) → `headers_too_large` (431); a request not
 * received within `requestTimeout` → `request_timeout` (408); anything else the parser refuses — a
 * malformed request line (raw bytes ≥ 0x80 or a space in it), `Content-Length` with
 * `Transfer-Encoding`, a bad chunk size — → `bad_request` (400).
 *
 * @example
 * ```ts
 * clientErrorOf(Object.assign(new Error('Header overflow'), { code: 'HPE_HEADER_OVERFLOW' }))?.code; // 'headers_too_large'
 * ```
 */
export function clientErrorOf(error: unknown): TrussError | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ECONNRESET') return null;
  if (code === 'HPE_HEADER_OVERFLOW') {
    return new TrussError('headers_too_large', 'The request line and headers are too large', {
      cause: error,
    });
  }
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return new TrussError('request_timeout', 'The request was not received in time', { cause: error });
  }
  return new TrussError('bad_request', 'The request is not valid HTTP/1.1', { cause: error });
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  408: 'Request Timeout',
  431: 'Request Header Fields Too Large',
};

/** An HTTP/1.1 response as raw text, for a socket no framework writes to. */
function serialize(response: TrussResponse): string {
  const body = response.body === undefined ? '' : JSON.stringify(response.body);
  const lines = [`HTTP/1.1 ${response.status} ${REASONS[response.status] ?? 'Error'}`];
  for (const [name, value] of Object.entries(response.headers)) {
    for (const item of Array.isArray(value) ? value : [value]) lines.push(`${name}: ${item}`);
  }
  lines.push('content-type: application/json; charset=utf-8');
  lines.push(`content-length: ${Buffer.byteLength(body)}`);
  lines.push('connection: close');
  return `${lines.join('\r\n')}\r\n\r\n${body}`;
}

/** The part of a Node socket {@link handleClientErrors} writes to. */
interface ClientSocket {
  readonly destroyed: boolean;
  readonly writable: boolean;
  /** `true` on a TLS socket. */
  readonly encrypted?: boolean;
  /** The response in progress on this connection, if any (Node's own `clientError` guard reads it). */
  readonly _httpMessage?: { readonly headersSent?: boolean } | null;
  end(data: string, callback?: () => void): unknown;
  destroy(): unknown;
}

/** The part of a Node `http.Server` (or `https.Server`) {@link handleClientErrors} uses. */
export interface ClientErrorSource {
  removeAllListeners(event: 'clientError'): unknown;
  // biome-ignore lint/suspicious/noExplicitAny: Node types the socket as a Duplex; we use a few members.
  on(event: 'clientError', listener: (error: Error, socket: any) => void): unknown;
}

/**
 * Makes the kernel answer the requests Node's HTTP parser refuses, on `server`: the documented
 * `{ error, message }` body (see {@link clientErrorOf}) with the kernel's security headers,
 * instead of Node's bare status line or a framework's own body. Replaces the server's other
 * `clientError` listeners. `registerKernel` of `@truss/fastify` calls it; with Express, call it on
 * the server `app.listen` returns.
 *
 * @example
 * ```ts
 * const server = app.listen(3000);
 * handleClientErrors(server, kernel);
 * ```
 */
export function handleClientErrors(server: ClientErrorSource, kernel: Pick<Kernel, 'renderError'>): void {
  server.removeAllListeners('clientError');
  server.on('clientError', (error: Error, socket: ClientSocket) => {
    const trussError = clientErrorOf(error);
    // As Node's default does: never write into a response that has started on this connection.
    const answering = socket._httpMessage?.headersSent === true;
    if (trussError === null || socket.destroyed || !socket.writable || answering) {
      socket.destroy();
      return;
    }
    const response = kernel.renderError(trussError, { protocol: socket.encrypted ? 'https' : 'http' });
    socket.end(serialize(response), () => socket.destroy());
  });
}
