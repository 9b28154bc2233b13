import { expect, it } from 'vitest';
import { startTestServer } from './helpers.js';

it('refuses to start in production without a payment provider (the test one accepts any card)', async () => {
  await expect(
    startTestServer('sqlite', 'fastify', {
      NODE_ENV: 'production',
      DATA_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64url'),
    }),
  ).rejects.toThrow(/needs a payment provider/);
});
