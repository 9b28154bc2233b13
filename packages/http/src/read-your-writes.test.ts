import { AsyncLocalStorage } from 'node:async_hooks';
import { type CacheStore, createMemoryCacheStore, TrussError } from '@truss/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createKernel } from './kernel.js';
import { readYourWrites } from './read-your-writes.js';
import { defineRoute } from './route.js';

// Stands in for @truss/repos' withPrimaryReads: the handlers report where their reads would go.
const onPrimaryStore = new AsyncLocalStorage<true>();
const onPrimary = <T>(fn: () => Promise<T>) => onPrimaryStore.run(true, fn);
const readsFrom = () => (onPrimaryStore.getStore() ? 'primary' : 'replica');

function kernelWith(store: CacheStore) {
  const handler = () => ({ body: { reads: readsFrom() } });
  return createKernel({
    routes: [
      defineRoute({ method: 'GET', path: '/things', auth: 'optional', handler }),
      defineRoute({ method: 'PUT', path: '/things', auth: 'optional', handler }),
      defineRoute({
        method: 'POST',
        path: '/refused',
        auth: 'optional',
        handler: () => {
          throw new TrussError('conflict', 'no');
        },
      }),
    ],
    authenticate: async (token) => ({ userId: token, role: 'user' }),
    afterAuthentication: [readYourWrites({ store, windowSeconds: 5, onPrimary })],
  });
}

const request = (method: string, path: string, from: { ip?: string; token?: string } = {}) => ({
  method,
  path,
  headers: from.token ? { authorization: `Bearer ${from.token}` } : {},
  query: {},
  body: undefined,
  ip: from.ip ?? '203.0.113.1',
});

const readsOf = async (kernel: ReturnType<typeof kernelWith>, from: { ip?: string; token?: string }) =>
  ((await kernel.handle(request('GET', '/things', from))).body as { reads: string }).reads;

afterEach(() => {
  vi.useRealTimers();
});

describe('readYourWrites', () => {
  it('sends a client’s reads to the primary for the window after its own write, and only that client’s', async () => {
    vi.useFakeTimers({ now: new Date('2026-12-01T10:00:00Z'), toFake: ['Date'] });
    const kernel = kernelWith(createMemoryCacheStore());
    expect(await readsOf(kernel, { token: 'ada' })).toBe('replica');
    const write = await kernel.handle(request('PUT', '/things', { token: 'ada' }));
    expect(write.body).toEqual({ reads: 'primary' });
    expect(await readsOf(kernel, { token: 'ada' })).toBe('primary');
    // Another user, and an anonymous client, still read from the replica.
    expect(await readsOf(kernel, { token: 'grace' })).toBe('replica');
    expect(await readsOf(kernel, {})).toBe('replica');
    vi.setSystemTime(new Date('2026-12-01T10:00:06Z'));
    expect(await readsOf(kernel, { token: 'ada' })).toBe('replica');
  });

  it('remembers an anonymous client by its address, and a later write moves its window on', async () => {
    vi.useFakeTimers({ now: new Date('2026-12-01T10:00:00Z'), toFake: ['Date'] });
    const kernel = kernelWith(createMemoryCacheStore());
    await kernel.handle(request('PUT', '/things', { ip: '198.51.100.7' }));
    vi.setSystemTime(new Date('2026-12-01T10:00:04Z'));
    await kernel.handle(request('PUT', '/things', { ip: '198.51.100.7' }));
    vi.setSystemTime(new Date('2026-12-01T10:00:08Z'));
    expect(await readsOf(kernel, { ip: '198.51.100.7' })).toBe('primary');
    expect(await readsOf(kernel, { ip: '198.51.100.8' })).toBe('replica');
  });

  it('does not remember a write that failed', async () => {
    const kernel = kernelWith(createMemoryCacheStore());
    expect((await kernel.handle(request('POST', '/refused', { token: 'ada' }))).status).toBe(409);
    expect(await readsOf(kernel, { token: 'ada' })).toBe('replica');
  });

  it('reads from the primary when the store cannot answer', async () => {
    const broken: CacheStore = {
      shared: true,
      get: () => Promise.reject(new Error('store down')),
      set: () => Promise.reject(new Error('store down')),
      invalidate: () => Promise.reject(new Error('store down')),
    };
    const kernel = kernelWith(broken);
    expect(await readsOf(kernel, { token: 'ada' })).toBe('primary');
    expect((await kernel.handle(request('PUT', '/things', { token: 'ada' }))).status).toBe(200);
  });

  it('refuses options it cannot work with', () => {
    expect(() => readYourWrites({ store: createMemoryCacheStore(), windowSeconds: 0, onPrimary })).toThrow(
      expect.objectContaining({
        code: 'validation_error',
        details: [expect.objectContaining({ path: 'windowSeconds' })],
      }),
    );
  });
});
