import { describe, expect, it } from 'vitest';
import { startTestServer } from './helpers.js';

const PASSWORD = 'correct horse battery staple';

describe.each(['fastify', 'express'] as const)('client address behind proxies (%s)', (adapter) => {
  async function throttledFromOtherAddress(env: Record<string, string>): Promise<number> {
    const t = await startTestServer('sqlite', adapter, env);
    try {
      const email = 'proxy@example.com';
      await t.call('POST', '/api/v1/auth/register', { body: { email, password: PASSWORD } });
      const from = (ip: string, password: string) =>
        t.call('POST', '/api/v1/auth/login', {
          body: { email, password },
          headers: { 'x-forwarded-for': ip },
        });
      for (let i = 0; i < 6; i++) expect((await from('203.0.113.7', 'wrong wrong wrong')).status).toBe(401);
      expect((await from('203.0.113.7', PASSWORD)).status).toBe(429);
      return (await from('198.51.100.9', PASSWORD)).status;
    } finally {
      await t.stop();
    }
  }

  it('ignores X-Forwarded-For by default: a client cannot pick the address it is throttled by', async () => {
    expect(await throttledFromOtherAddress({})).toBe(429);
  });

  it('uses X-Forwarded-For with TRUST_PROXY: another client behind the proxy is not throttled', async () => {
    expect(await throttledFromOtherAddress({ TRUST_PROXY: 'true' })).toBe(200);
    expect(await throttledFromOtherAddress({ TRUST_PROXY: '1' })).toBe(200);
  });
});
