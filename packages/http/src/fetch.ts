import { readBodyText } from './body.js';
import type { Kernel } from './kernel.js';
import { queryOf } from './query.js';
import type { TrussResponse } from './types.js';

function toResponse(response: TrussResponse): Response {
  const headers = new Headers();
  for (const [name, value] of Object.entries(response.headers)) {
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else headers.set(name, value);
  }
  if (response.stream) {
    const iterator = response.stream[Symbol.asyncIterator]();
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const { value, done } = await iterator.next();
        if (done) controller.close();
        else controller.enqueue(typeof value === 'string' ? encoder.encode(value) : value);
      },
      async cancel() {
        await iterator.return?.();
      },
    });
    return new Response(body, { status: response.status, headers });
  }
  if (response.body === undefined) return new Response(null, { status: response.status, headers });
  headers.set('content-type', 'application/json; charset=utf-8');
  return new Response(JSON.stringify(response.body), { status: response.status, headers });
}

/**
 * Serves the kernel as a Web `fetch` handler (`Request` → `Response`): runs on Hono, Bun, Deno and
 * workers as it is, and lets tests call the kernel without a server.
 *
 * @example
 * ```ts
 * const fetch = createFetchHandler(kernel);
 * const res = await fetch(new Request('http://local/healthz'));
 * ```
 */
export function createFetchHandler(kernel: Kernel): (request: Request) => Promise<Response> {
  return async (request) => {
    const url = new URL(request.url);
    const headers: Record<string, string> = Object.create(null);
    request.headers.forEach((value, key) => {
      headers[key] = value;
    });
    const protocol = url.protocol === 'https:' ? 'https' : 'http';
    let body: string | undefined;
    try {
      body = request.body
        ? await readBodyText(request.body as unknown as AsyncIterable<Uint8Array>, headers, kernel.bodyLimit)
        : undefined;
    } catch (error) {
      return toResponse(kernel.renderError(error, { headers, protocol }));
    }
    const response = await kernel.handle({
      method: request.method,
      path: url.pathname,
      headers,
      query: queryOf(url.searchParams),
      body,
      protocol,
    });
    return toResponse(response);
  };
}
