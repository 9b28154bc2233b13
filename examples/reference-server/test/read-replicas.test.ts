import { createDatabase, migrateToLatest } from '@truss/repos';
import {
  createTestDatabase,
  describeWithServices,
  type ServiceName,
  type TestDatabase,
  type TestDatabaseKind,
} from '@truss/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { adminAccount, newAccount, newProduct, PASSWORD } from './domain-helpers.js';
import { startTestServer, type TestServer } from './helpers.js';

// Spec §8.3: reads may go to replicas, but never so that a client misses its own writes. The replica
// here is the laggiest there is — a migrated database that never receives a row — so every read that
// reaches it shows, and every read that must not reach it would fail.
const targets: Array<[TestDatabaseKind, ServiceName[]]> = [
  ['sqlite', []],
  ['postgres', ['postgres']],
  ['mysql', ['mysql']],
];

for (const [kind, needs] of targets) {
  describeWithServices(needs, `read replicas on ${kind}: a client reads its own writes`, () => {
    let replica: TestDatabase;
    let t: TestServer;
    beforeAll(async () => {
      replica = await createTestDatabase(kind);
      const migrating = await createDatabase(replica.url);
      await migrateToLatest(migrating.db);
      await migrating.destroy();
      t = await startTestServer(kind, 'fastify', {
        DATABASE_REPLICA_URLS: replica.url,
        READ_YOUR_WRITES_WINDOW: '1',
        // The cache would hide where reads go.
        CACHE_TTL: '0',
      });
    });
    afterAll(async () => {
      await t?.stop();
      await replica?.drop();
    });

    it('logs a new user in right after registering (users are read on the primary)', async () => {
      const email = `fresh-${Date.now()}@example.com`;
      const reg = await t.call('POST', '/api/v1/auth/register', { body: { email, password: PASSWORD } });
      expect(reg.status).toBe(201);
      const login = await t.call('POST', '/api/v1/auth/login', { body: { email, password: PASSWORD } });
      expect(login.status).toBe(200);
      const me = await t.call('GET', '/api/v1/users/me', { token: login.body.access_token });
      expect(me.status).toBe(200);
      expect(me.body.email).toBe(email);
    });

    it('shows a client its own write, while other clients read the replica until the window ends', async () => {
      const admin = await adminAccount(t);
      const reader = await newAccount(t, admin, 'user');
      // The reader's own writes (registering, logging in) are over once its window has passed.
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const product = await newProduct(t, admin, { name: 'Fresh', price: '5.00' });
      const own = await t.call('GET', `/api/v1/products/${product.id}`, { token: admin.token });
      expect(own.status).toBe(200);
      expect(own.body.name).toBe('Fresh');
      // Another client's read went to the replica, which has not seen the product.
      expect((await t.call('GET', `/api/v1/products/${product.id}`, { token: reader.token })).status).toBe(
        404,
      );

      const put = await t.call('PUT', `/api/v1/products/${product.id}`, {
        token: admin.token,
        body: { price: '6.50', version: product.version },
      });
      expect(put.status, JSON.stringify(put.body)).toBe(200);
      const after = await t.call('GET', `/api/v1/products/${product.id}`, { token: admin.token });
      expect(after.body.price).toBe('6.50');

      // Once the window has passed, the writer reads from the replica like everyone else.
      await new Promise((resolve) => setTimeout(resolve, 1100));
      expect((await t.call('GET', `/api/v1/products/${product.id}`, { token: admin.token })).status).toBe(
        404,
      );
    });
  });
}
