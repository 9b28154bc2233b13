import { type Clock, createMemoryIdempotencyStore, TrussError } from '@truss/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { idempotency } from './idempotency.js';
import { createKernel } from './kernel.js';
import { defineRoute } from './route.js';

function setup() {
  let now = new Date('2026-01-01T00:00:00Z');
  const clock: Clock = { now: () => now };
  let made = 0;
  let release: (() => void) | undefined;
  const kernel = createKernel({
    routes: [
      defineRoute({
        method: 'POST',
        path: '/things',
        auth: 'optional',
        body: z.object({ name: z.string(), slow: z.boolean().optional(), fail: z.string().optional() }),
        handler: async ({ body }) => {
          if (body.slow) await new Promise<void>((resolve) => (release = resolve));
          if (body.fail === 'conflict') throw new TrussError('conflict', 'Taken');
          if (body.fail === 'crash') throw new Error('boom');
          made++;
          return {
            status: 201,
            headers: { location: `/things/${made}` },
            body: { id: made, name: body.name },
          };
        },
      }),
    ],
    authenticate: async (token) => ({ userId: token, role: 'user' }),
    afterAuthentication: [idempotency({ store: createMemoryIdempotencyStore(), clock })],
    logger: { debug() {}, info() {}, warn() {}, error() {} },
  });
  const post = (body: unknown, key?: string, user?: string) =>
    kernel.handle({
      method: 'POST',
      path: '/things',
      headers: {
        'content-type': 'application/json',
        ...(key ? { 'idempotency-key': key } : {}),
        ...(user ? { authorization: `Bearer ${user}` } : {}),
      },
      query: {},
      body: JSON.stringify(body),
    });
  return {
    post,
    made: () => made,
    release: () => release?.(),
    advance: (ms: number) => (now = new Date(now.getTime() + ms)),
  };
}

describe('idempotency', () => {
  it('answers a retry with the first result, per caller, and runs requests without a key every time', async () => {
    const t = setup();
    const first = await t.post({ name: 'a' }, 'k1', 'alice');
    const again = await t.post({ name: 'a' }, 'k1', 'alice');
    expect(first).toMatchObject({ status: 201, body: { id: 1 } });
    expect(again).toMatchObject({ status: 201, body: { id: 1 } });
    expect(again.headers).toMatchObject({ location: '/things/1', 'idempotent-replayed': 'true' });
    expect(again.headers['x-request-id']).not.toBe(first.headers['x-request-id']);
    expect((await t.post({ name: 'a' }, 'k1', 'bob')).body).toMatchObject({ id: 2 });
    await t.post({ name: 'a' });
    await t.post({ name: 'a' });
    expect(t.made()).toBe(4);
  });

  it('refuses the same key with another body (422), a duplicate in flight (409), a malformed key (422)', async () => {
    const t = setup();
    await t.post({ name: 'a' }, 'k1', 'alice');
    expect((await t.post({ name: 'b' }, 'k1', 'alice')).body).toMatchObject({
      error: 'idempotency_key_reused',
    });
    const slow = t.post({ name: 's', slow: true }, 'k2', 'alice');
    await new Promise((resolve) => setTimeout(resolve, 10));
    const duplicate = await t.post({ name: 's', slow: true }, 'k2', 'alice');
    expect(duplicate.status).toBe(409);
    expect(duplicate.body).toMatchObject({ error: 'idempotency_key_in_use' });
    expect(duplicate.headers['retry-after']).toBe('1');
    t.release();
    expect((await slow).status).toBe(201);
    expect((await t.post({ name: 'a' }, 'has space', 'alice')).status).toBe(422);
  });

  it('replays a 4xx, runs again after a 5xx, and forgets keys after 24 hours', async () => {
    const t = setup();
    const conflict = await t.post({ name: 'c', fail: 'conflict' }, 'k3', 'alice');
    expect(conflict.status).toBe(409);
    expect(
      (await t.post({ name: 'c', fail: 'conflict' }, 'k3', 'alice')).headers['idempotent-replayed'],
    ).toBe('true');
    expect((await t.post({ name: 'x', fail: 'crash' }, 'k4', 'alice')).status).toBe(500);
    expect(
      (await t.post({ name: 'x', fail: 'crash' }, 'k4', 'alice')).headers['idempotent-replayed'],
    ).toBeUndefined();
    await t.post({ name: 'a' }, 'k5', 'alice');
    t.advance(86_400_000 - 1);
    expect((await t.post({ name: 'a' }, 'k5', 'alice')).headers['idempotent-replayed']).toBe('true');
    t.advance(1);
    expect((await t.post({ name: 'a' }, 'k5', 'alice')).headers['idempotent-replayed']).toBeUndefined();
    expect(t.made()).toBe(2);
  });
});
