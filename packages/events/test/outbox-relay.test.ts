import { randomUUID } from 'node:crypto';
import { createDatabase, createOutboxRepository, migrateToLatest, type TrussDatabase } from '@truss/repos';
import { createTestDatabase, describeWithServices, type TestDatabase } from '@truss/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createMemoryTransport,
  createOutboxRelay,
  type DeliveredEvent,
  type EventTransport,
} from '../src/index.js';

function recordingTransport(fail: () => boolean): EventTransport & { published: DeliveredEvent[] } {
  const published: DeliveredEvent[] = [];
  const memory = createMemoryTransport();
  return {
    ...memory,
    published,
    async publish(events) {
      await new Promise((resolve) => setTimeout(resolve, 5)); // let relays overlap
      if (fail()) throw new Error('broker down');
      published.push(...events);
    },
  };
}

function relaySuite(kind: 'postgres' | 'mysql' | 'sqlite') {
  let testDb: TestDatabase;
  let database: TrussDatabase;
  beforeAll(async () => {
    testDb = await createTestDatabase(kind);
    database = await createDatabase(testDb.url);
    await migrateToLatest(database.db);
  });
  afterAll(async () => {
    await database?.destroy();
    await testDb?.drop();
  });

  it('publishes each pending event once across three relays, with its outbox id and its key', async () => {
    const outbox = createOutboxRepository(database.executor);
    const orderId = randomUUID();
    const ids: string[] = [];
    for (let i = 0; i < 300; i++) {
      const payload = i % 3 === 0 ? { id: orderId, trackingNumber: `T${i}` } : { note: i };
      ids.push((await outbox.append({ id: randomUUID(), topic: 'order.shipped', payload })).id);
    }
    const transport = recordingTransport(() => false);
    const relays = [1, 2, 3].map(() => createOutboxRelay({ outbox, transport, batchSize: 25, pollMs: 5 }));
    for (const relay of relays) relay.start();
    const deadline = Date.now() + 20_000;
    while (transport.published.length < 300 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    await Promise.all(relays.map((relay) => relay.stop()));
    expect(transport.published.map((e) => e.id).sort()).toEqual([...ids].sort());
    const forOrder = transport.published.filter((e) => e.key === orderId);
    expect(forOrder).toHaveLength(100);
    const other = transport.published.find((e) => e.key !== orderId);
    expect(other?.key).toBe(other?.id);
    expect(await outbox.listPending(1000)).toEqual([]);
  });

  it('keeps an event whose publishing failed, counts the failure, and publishes it after the lease', async () => {
    const outbox = createOutboxRepository(database.executor);
    const message = await outbox.append({ id: randomUUID(), topic: 'user.created', payload: { id: 'u1' } });
    let down = true;
    const transport = recordingTransport(() => down);
    const relay = createOutboxRelay({ outbox, transport, leaseMs: 300 });
    await expect(relay.runOnce()).rejects.toThrow('broker down');
    expect((await outbox.listPending(10)).map((m) => [m.id, m.attempts])).toEqual([[message.id, 1]]);
    down = false;
    expect(await relay.runOnce()).toBe(0); // still leased
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect(await relay.runOnce()).toBe(1);
    expect(transport.published.map((e) => [e.id, e.key])).toEqual([[message.id, 'u1']]);
    expect(await outbox.listPending(10)).toEqual([]);
  });
}

describe('outbox relay on SQLite', () => relaySuite('sqlite'));
describeWithServices(['postgres'], 'outbox relay on PostgreSQL', () => relaySuite('postgres'));
describeWithServices(['mysql'], 'outbox relay on MariaDB', () => relaySuite('mysql'));
