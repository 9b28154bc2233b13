import { TrussError } from '@truss/core';
import { describe, expect, it } from 'vitest';
import { createFetchHandler } from './fetch.js';
import { createKernel } from './kernel.js';
import { logRequests } from './request-log.js';
import { defineRoute } from './route.js';

describe('logRequests', () => {
  it('logs each request once with its status, route and duration, by severity', async () => {
    const lines: Array<{ level: string; entry: Record<string, unknown>; msg?: string }> = [];
    const record = (level: string) => (entry: object, msg?: string) =>
      lines.push({ level, entry: entry as Record<string, unknown>, msg });
    const logger = {
      debug: record('debug'),
      info: record('info'),
      warn: record('warn'),
      error: record('error'),
    };
    const kernel = createKernel({
      middleware: [logRequests(logger)],
      trustRequestId: true,
      routes: [
        defineRoute({ method: 'GET', path: '/ok/:id', handler: () => ({ body: { ok: true } }) }),
        defineRoute({
          method: 'GET',
          path: '/gone',
          handler: () => {
            throw new TrussError('not_found', 'Gone');
          },
        }),
      ],
    });
    const fetch = createFetchHandler(kernel);
    await fetch(new Request('http://local/ok/7', { headers: { 'x-request-id': 'req-1' } }));
    await fetch(new Request('http://local/gone'));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({
      level: 'info',
      entry: {
        requestId: 'req-1',
        method: 'GET',
        path: '/ok/7',
        route: '/ok/:id',
        status: 200,
        durationMs: expect.any(Number),
      },
    });
    expect(lines[1]).toMatchObject({ level: 'warn', entry: { path: '/gone', status: 404 } });
  });
});
