import { type Logger, TrussError } from '@truss/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFetchHandler } from './fetch.js';
import { createJsonLogger } from './json-logger.js';
import { createKernel } from './kernel.js';
import { defineRoute } from './route.js';

function recordingLogger(): { logger: Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const logger = createJsonLogger({ level: 'debug', write: (line) => lines.push(JSON.parse(line)) });
  return { logger, lines };
}

const boom = defineRoute({
  method: 'GET',
  path: '/boom',
  handler: () => {
    throw new Error('database exploded');
  },
});

describe('request ids', () => {
  const echo = defineRoute({ method: 'GET', path: '/id', handler: ({ ctx }) => ({ body: ctx.requestId }) });

  it('ignores a client-sent X-Request-Id unless the kernel trusts it (behind a proxy)', async () => {
    const headers = { 'x-request-id': 'chosen-by-client' };
    const direct = createFetchHandler(createKernel({ routes: [echo] }));
    const res = await direct(new Request('http://local/id', { headers }));
    expect(await res.json()).not.toBe('chosen-by-client');
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);

    const proxied = createFetchHandler(createKernel({ routes: [echo], trustRequestId: true }));
    const trusted = await proxied(new Request('http://local/id', { headers }));
    expect(await trusted.json()).toBe('chosen-by-client');
    expect(trusted.headers.get('x-request-id')).toBe('chosen-by-client');
    // Even when trusted, an id that is not sane is replaced.
    const bad = await proxied(new Request('http://local/id', { headers: { 'x-request-id': 'a b<script>' } }));
    expect(await bad.json()).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('binds the request id to every line logged through ctx.log, middleware and handler alike', async () => {
    const { logger, lines } = recordingLogger();
    const kernel = createKernel({
      logger,
      middleware: [
        async (ctx, next) => {
          ctx.log.info({ step: 'middleware' }, 'before');
          return next();
        },
      ],
      routes: [
        defineRoute({
          method: 'GET',
          path: '/work',
          handler: ({ ctx }) => {
            ctx.log.warn({ step: 'handler' }, 'working');
            return { status: 204 };
          },
        }),
      ],
    });
    const res = await createFetchHandler(kernel)(new Request('http://local/work'));
    const id = res.headers.get('x-request-id');
    expect(lines.map((line) => [line.step, line.requestId])).toEqual([
      ['middleware', id],
      ['handler', id],
    ]);
  });

  it('binds the id through a plain logger that has no child()', async () => {
    const seen: object[] = [];
    const plain: Logger = { debug() {}, info: (obj) => seen.push(obj), warn() {}, error() {} };
    const kernel = createKernel({
      logger: plain,
      routes: [
        defineRoute({
          method: 'GET',
          path: '/x',
          handler: ({ ctx }) => {
            ctx.log.info({ a: 1 });
            return { status: 204 };
          },
        }),
      ],
    });
    const res = await createFetchHandler(kernel)(new Request('http://local/x'));
    expect(seen).toEqual([{ requestId: res.headers.get('x-request-id'), a: 1 }]);
  });
});

describe('the default logger', () => {
  afterEach(() => vi.restoreAllMocks());

  it('writes an unexpected error to stderr as one JSON line with its request id and stack', async () => {
    const written: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((line: string) => written.push(line));
    const res = await createFetchHandler(createKernel({ routes: [boom] }))(new Request('http://local/boom'));
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ error: 'internal_error', message: 'Internal server error' });
    expect(written).toHaveLength(1);
    const line = JSON.parse(written[0] as string);
    expect(line).toMatchObject({
      level: 50,
      msg: 'request failed',
      requestId: res.headers.get('x-request-id'),
      err: {
        type: 'Error',
        message: 'database exploded',
        stack: expect.stringContaining('database exploded'),
      },
    });
  });

  it('writes nothing for an expected error (4xx), and nothing at all with silentLogger', async () => {
    const written: unknown[] = [];
    vi.spyOn(console, 'error').mockImplementation((line) => written.push(line));
    const notFound = defineRoute({
      method: 'GET',
      path: '/nf',
      handler: () => {
        throw new TrussError('not_found', 'No such thing');
      },
    });
    await createFetchHandler(createKernel({ routes: [notFound] }))(new Request('http://local/nf'));
    const { silentLogger } = await import('@truss/core');
    const quiet = createFetchHandler(createKernel({ routes: [boom], logger: silentLogger }));
    expect((await quiet(new Request('http://local/boom'))).status).toBe(500);
    expect(written).toEqual([]);
  });
});
