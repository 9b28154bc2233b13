import { connect } from 'node:net';

/**
 * A response read off a raw socket by {@link rawRequest}.
 *
 * @example
 * ```ts
 * const { status, headers, body }: RawResponse = await rawRequest(url, 'GET / HTTP/1.1\r\n…');
 * ```
 */
export interface RawResponse {
  status: number;
  /** Header values by lower-case name (the last one when repeated). */
  headers: Record<string, string>;
  body: string;
}

/**
 * Sends `request` as it is over a new TCP connection to `url`'s host and port and reads the answer
 * until the server closes the connection (send `Connection: close`). For what `fetch` refuses to
 * send: raw bytes ≥ 0x80 in the request line, a space in it, `Content-Length` with
 * `Transfer-Encoding`, a bad chunk size, oversized headers.
 *
 * @example
 * ```ts
 * const res = await rawRequest(server.url, 'GET /a b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
 * res.status; // 400
 * ```
 */
export function rawRequest(url: string, request: string | Uint8Array): Promise<RawResponse> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect(Number(port), hostname, () => socket.write(request));
    const timer = setTimeout(() => socket.destroy(new Error('no answer within 5 s')), 5000);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    // The server may close while we are still writing (it refused the request early).
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ECONNRESET' && error.code !== 'EPIPE') {
        clearTimeout(timer);
        reject(error);
      }
    });
    socket.on('close', () => {
      clearTimeout(timer);
      const text = Buffer.concat(chunks).toString('utf8');
      const end = text.indexOf('\r\n\r\n');
      if (end < 0) return reject(new Error(`no HTTP response: ${JSON.stringify(text.slice(0, 200))}`));
      const [statusLine = '', ...lines] = text.slice(0, end).split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const colon = line.indexOf(':');
        headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body: text.slice(end + 4) });
    });
  });
}
