import { expect, it } from 'vitest';
import { type RawResponse, rawRequest } from './raw-http.js';

/** The browser origin the conformance kernel allows (CORS and the CSRF check). */
export const CONFORMANCE_ORIGIN = 'http://app.test';

const API_CSP = "default-src 'none'; frame-ancestors 'none'";

type Headers = Pick<globalThis.Headers, 'get'> | Record<string, string>;
const read = (headers: Headers, name: string): string | null =>
  'get' in headers && typeof headers.get === 'function'
    ? headers.get(name)
    : ((headers as Record<string, string>)[name] ?? null);

/** The security headers every answer of the kernel carries (plain HTTP: no HSTS). */
function expectSecurityHeaders(headers: Headers): void {
  expect(read(headers, 'content-security-policy')).toBe(API_CSP);
  expect(read(headers, 'x-content-type-options')).toBe('nosniff');
  expect(read(headers, 'referrer-policy')).toBe('no-referrer');
  expect(read(headers, 'cache-control')).toBe('no-store');
  expect(read(headers, 'x-powered-by')).toBeNull();
  expect(read(headers, 'strict-transport-security')).toBeNull();
}

/** `{ error, message }` and nothing else (no `code`, no `statusCode`), in JSON. */
function expectErrorBody(contentType: string | null, text: string, error: string): void {
  expect(contentType).toMatch(/^application\/json/);
  expect(JSON.parse(text)).toEqual({ error, message: expect.any(String) });
}

const CRLF = '\r\n';
const raw = (lines: string[], body = '') => `${lines.join(CRLF)}${CRLF}${CRLF}${body}`;

/** Requests Node's HTTP parser refuses, before any framework runs. */
const PARSER_REJECTS: Array<[string, () => string | Uint8Array, number, string]> = [
  [
    'raw bytes >= 0x80 in the request line',
    () =>
      Buffer.concat([
        Buffer.from('GET /items/'),
        Buffer.from([0xc3, 0xa9]),
        Buffer.from(` HTTP/1.1${CRLF}Host: x${CRLF}Connection: close${CRLF}${CRLF}`),
      ]),
    400,
    'bad_request',
  ],
  [
    'a space in the request line',
    () => raw(['GET /items/a b HTTP/1.1', 'Host: x', 'Connection: close']),
    400,
    'bad_request',
  ],
  [
    'Content-Length together with Transfer-Encoding',
    () =>
      raw(
        [
          'POST /items HTTP/1.1',
          'Host: x',
          'Content-Type: application/json',
          'Content-Length: 5',
          'Transfer-Encoding: chunked',
          'Connection: close',
        ],
        `0${CRLF}${CRLF}`,
      ),
    400,
    'bad_request',
  ],
  [
    'a bad chunk size',
    () =>
      raw(
        [
          'POST /items HTTP/1.1',
          'Host: x',
          'Content-Type: application/json',
          'Transfer-Encoding: chunked',
          'Connection: close',
        ],
        `zz${CRLF}{}${CRLF}0${CRLF}${CRLF}`,
      ),
    400,
    'bad_request',
  ],
  [
    'headers over 16 KiB',
    () => raw(['GET /ping HTTP/1.1', 'Host: x', `X-Big: ${'a'.repeat(17 * 1024)}`, 'Connection: close']),
    431,
    'headers_too_large',
  ],
];

/**
 * The hardening cases of the adapter conformance suite, run inside its `describe` against the
 * served conformance kernel (`url()` is its base URL once served).
 */
export function hardeningCases(url: () => string): void {
  const at = (path: string) => `${url()}${path}`;

  it('puts the security headers on every answer: JSON, 201, 204, stream, errors, 404, 405, 413', async () => {
    const answers = await Promise.all([
      fetch(at('/ping')),
      fetch(at('/items'), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"name":"a","count":1}',
      }),
      fetch(at('/items/1'), { method: 'DELETE' }),
      fetch(at('/stream?n=3')),
      fetch(at('/items/1?n=x')),
      fetch(at('/private')),
      fetch(at('/boom')),
      fetch(at('/nope')),
      fetch(at('/ping'), { method: 'PUT' }),
      fetch(at('/items'), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'x'.repeat(100_000), count: 1 }),
      }),
    ]);
    expect(answers.map((res) => res.status)).toEqual([200, 201, 204, 200, 422, 401, 500, 404, 405, 413]);
    for (const res of answers) expectSecurityHeaders(res.headers);
  });

  it('sends no HSTS over plain HTTP, even when an untrusted client claims X-Forwarded-Proto: https', async () => {
    const res = await fetch(at('/ping'), { headers: { 'x-forwarded-proto': 'https' } });
    expect(res.headers.get('strict-transport-security')).toBeNull();
  });

  it('keeps the Content-Security-Policy and Cache-Control a route sets for itself', async () => {
    const res = await fetch(at('/page'));
    expect(res.headers.get('content-security-policy')).toBe("default-src 'self'");
    expect(res.headers.get('cache-control')).toBe('public, max-age=60');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it.each(PARSER_REJECTS)(
    'renders what the HTTP parser refuses as the kernel does: %s',
    async (_what, request, status, error) => {
      const res: RawResponse = await rawRequest(url(), request());
      expect(res.status).toBe(status);
      expectErrorBody(res.headers['content-type'] ?? null, res.body, error);
      expectSecurityHeaders(res.headers);
    },
  );

  it('answers 414 uri_too_long for a path parameter over 100 characters, without echoing it', async () => {
    const long = 'a'.repeat(101);
    const res = await fetch(at(`/items/${long}`));
    expect(res.status).toBe(414);
    const text = await res.text();
    expectErrorBody(res.headers.get('content-type'), text, 'uri_too_long');
    expect(text).not.toContain(long);
    expectSecurityHeaders(res.headers);
    expect((await fetch(at(`/items/${'a'.repeat(100)}`))).status).toBe(200);
  });

  it('answers 400 bad_request for a malformed percent-encoding in the path, on a route or not', async () => {
    for (const path of ['/items/%zz', '/items/%ff', '/nope/%zz']) {
      const res = await fetch(at(path));
      expect(res.status, path).toBe(400);
      expectErrorBody(res.headers.get('content-type'), await res.text(), 'bad_request');
      expectSecurityHeaders(res.headers);
    }
  });

  it('answers 415 for a body in a Content-Encoding it does not decode, and reads identity', async () => {
    const post = (encoding: string) =>
      fetch(at('/items'), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-encoding': encoding },
        body: '{"name":"bolt","count":1}',
      });
    for (const encoding of ['gzip', 'br', 'deflate', 'x-custom']) {
      const res = await post(encoding);
      expect(res.status, encoding).toBe(415);
      expectErrorBody(res.headers.get('content-type'), await res.text(), 'unsupported_media_type');
    }
    expect((await post('identity')).status).toBe(201);
  });

  it('answers 400 bad_request for a JSON body that is not UTF-8, rather than storing U+FFFD', async () => {
    const body = Buffer.concat([
      Buffer.from('{"name":"'),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('","count":1}'),
    ]);
    const res = await fetch(at('/items'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(res.status).toBe(400);
    expectErrorBody(res.headers.get('content-type'), await res.text(), 'bad_request');
  });

  it('gives handlers a query without a prototype: __proto__ and constructor are data, nothing is polluted', async () => {
    const res = await fetch(
      at('/query?__proto__=a&__proto__=b&constructor=c&toString=d&__proto__[polluted]=1&hasOwnProperty=e'),
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      prototype: null,
      query: {
        ['__proto__']: ['a', 'b'],
        constructor: 'c',
        toString: 'd',
        '__proto__[polluted]': '1',
        hasOwnProperty: 'e',
      },
    });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const typed = await fetch(at('/query/typed'));
    expect(typed.status).toBe(200);
    expect(await typed.json()).toEqual({});
    const given = await fetch(at('/query/typed?constructor=x'));
    expect(await given.json()).toEqual({ constructor: 'x' });
  });

  it('answers a CORS preflight from a listed origin, and 403 from any other', async () => {
    const preflight = (origin: string) =>
      fetch(at('/items'), {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        },
      });
    const listed = await preflight(CONFORMANCE_ORIGIN);
    expect(listed.status).toBe(204);
    expect(listed.headers.get('access-control-allow-origin')).toBe(CONFORMANCE_ORIGIN);
    expect(listed.headers.get('access-control-allow-credentials')).toBe('true');
    expect(listed.headers.get('access-control-allow-methods')).toContain('POST');
    expect(listed.headers.get('access-control-allow-headers')).toContain('content-type');
    expectSecurityHeaders(listed.headers);
    for (const origin of ['http://evil.test', 'null', `${CONFORMANCE_ORIGIN}.evil.test`]) {
      const other = await preflight(origin);
      expect(other.status, origin).toBe(403);
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
      expectErrorBody(other.headers.get('content-type'), await other.text(), 'forbidden');
    }
  });

  it('grants CORS with credentials to a listed origin only, on answers and errors alike', async () => {
    for (const path of ['/ping', '/nope', '/private']) {
      const listed = await fetch(at(path), { headers: { origin: CONFORMANCE_ORIGIN } });
      expect(listed.headers.get('access-control-allow-origin'), path).toBe(CONFORMANCE_ORIGIN);
      expect(listed.headers.get('access-control-allow-credentials')).toBe('true');
      expect(listed.headers.get('vary')).toMatch(/Origin/i);
      const other = await fetch(at(path), { headers: { origin: 'http://evil.test' } });
      expect(other.headers.get('access-control-allow-origin'), path).toBeNull();
      expect(other.headers.get('access-control-allow-credentials')).toBeNull();
      expect(other.headers.get('vary')).toMatch(/Origin/i);
    }
  });

  it('refuses a cookie route from another site with 403 forbidden, and lets non-browser clients through', async () => {
    const post = (headers: Record<string, string>) => fetch(at('/session'), { method: 'POST', headers });
    const { host } = new URL(url());
    const cases: Array<[Record<string, string>, number]> = [
      [{ origin: 'http://evil.test' }, 403],
      [{ origin: 'http://evil.test', 'sec-fetch-site': 'cross-site' }, 403],
      [{ origin: 'null' }, 403],
      [{ 'sec-fetch-site': 'cross-site' }, 403],
      [{ 'sec-fetch-site': 'same-site' }, 403],
      [{ origin: CONFORMANCE_ORIGIN, 'sec-fetch-site': 'cross-site' }, 204],
      [{ origin: `http://${host}` }, 204],
      [{ 'sec-fetch-site': 'same-origin', origin: `http://${host}` }, 204],
      [{ 'sec-fetch-site': 'none' }, 204],
      [{}, 204],
    ];
    for (const [headers, status] of cases) {
      const res = await post(headers);
      expect(res.status, JSON.stringify(headers)).toBe(status);
      if (status === 403) expectErrorBody(res.headers.get('content-type'), await res.text(), 'forbidden');
    }
  });
}
