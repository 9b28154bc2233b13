import { TrussClientError } from './client-error.js';
import type { CallOptions, EndpointContract } from './endpoint-types.js';

/** How requests leave the client: where to, with which fetch, and whether cookies go along. */
export interface Transport {
  /** Prefix of every path, e.g. `https://api.example.com`; `''` for the page's own origin. */
  readonly baseUrl: string;
  readonly fetch: typeof globalThis.fetch;
  readonly credentials: NonNullable<RequestInit['credentials']>;
  /** Headers sent with every request. */
  readonly headers: Readonly<Record<string, string>>;
}

/** The input of one call, its types erased: `{ params, query, body }`. */
export interface CallInput {
  readonly params?: Readonly<Record<string, unknown>>;
  readonly query?: Readonly<Record<string, unknown>>;
  readonly body?: unknown;
}

/**
 * The URL of a call: the path with its `:params` filled in (encoded), then the query string
 * (`undefined` values left out, arrays as repeated keys).
 */
export function urlOf(baseUrl: string, route: EndpointContract, input: CallInput): string {
  const path = route.path.replace(/:([A-Za-z_]\w*)/g, (_match, name: string) => {
    const value = input.params?.[name];
    if (value === undefined || value === null || value === '') {
      throw new TypeError(`${route.method} ${route.path} needs params.${name}`);
    }
    return encodeURIComponent(String(value));
  });
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(input.query ?? {})) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item !== undefined && item !== null) search.append(key, String(item));
    }
  }
  const query = search.toString();
  return `${baseUrl}${path}${query ? `?${query}` : ''}`;
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
}

/**
 * Sends one request for `route`. A Bearer `token` goes along when given; a body is sent as JSON
 * only when the input has one. A fetch that fails (no answer) becomes a `network_error`; an abort
 * stays the fetch's own error.
 */
export async function send(
  transport: Transport,
  route: EndpointContract,
  input: CallInput,
  options: CallOptions,
  token: string | null,
): Promise<Response> {
  const headers: Record<string, string> = { ...transport.headers, ...options.headers };
  if (route.response) headers.accept = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  const init: RequestInit = { method: route.method, headers, credentials: transport.credentials };
  if (input.body !== undefined) {
    headers['content-type'] = 'application/json';
    init.body = JSON.stringify(input.body);
  }
  if (options.signal) init.signal = options.signal;
  const url = urlOf(transport.baseUrl, route, input);
  try {
    return await transport.fetch(url, init);
  } catch (error) {
    if (isAbort(error)) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new TrussClientError('network_error', `No answer from ${route.method} ${url}: ${reason}`, {
      status: 0,
      cause: error,
    });
  }
}

function retryAfter(response: Response): number | undefined {
  const value = response.headers.get('retry-after');
  if (value === null) return undefined;
  const seconds = Number(value);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : undefined;
}

/**
 * The {@link TrussClientError} of a failed response: the API's `{ error, message, details }`, or
 * `invalid_response` when the body is not one (a proxy's error page).
 */
export async function errorFrom(response: Response): Promise<TrussClientError> {
  const text = await response.text().catch(() => '');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const retryAfterSeconds = retryAfter(response);
  const fields = { status: response.status, ...(retryAfterSeconds !== undefined && { retryAfterSeconds }) };
  if (typeof body === 'object' && body !== null) {
    const { error, message, details } = body as Record<string, unknown>;
    if (typeof error === 'string' && typeof message === 'string') {
      // A code this client does not know yet (a newer server) is kept as the server sent it.
      return new TrussClientError(error as TrussClientError['code'], message, { ...fields, details });
    }
  }
  return new TrussClientError(
    'invalid_response',
    `The server answered ${response.status} ${response.statusText} without an API error body`,
    fields,
  );
}

/**
 * What a successful call answers: `undefined` for a 204, the JSON body for a route with a response
 * schema (checked against it when `validate` is on), the body as a text stream otherwise.
 * Throws the {@link TrussClientError} of a failed response.
 */
export async function decode(
  route: EndpointContract,
  response: Response,
  validate: boolean,
): Promise<unknown> {
  if (!response.ok) throw await errorFrom(response);
  if (response.status === 204) return undefined;
  if (!route.response) {
    const body = response.body ?? new Blob([]).stream();
    return body.pipeThrough(new TextDecoderStream());
  }
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new TrussClientError(
      'invalid_response',
      `${route.method} ${route.path} answered ${response.status} without a JSON body`,
      { status: response.status },
    );
  }
  if (!validate) return json;
  const result = route.response.safeParse(json);
  if (result.success) return result.data;
  throw new TrussClientError(
    'invalid_response',
    `${route.method} ${route.path} answered a body that does not match the contract`,
    { status: response.status, details: result.error.issues },
  );
}
