import { randomUUID } from 'node:crypto';
import { describeWithServices, runEventTransportConformance, serviceUrl } from '@truss/testing';
import { expect, it } from 'vitest';
import { createAmqpTransport } from '../src/amqp.js';
import { createMemoryTransport } from '../src/index.js';
import { createRedisTransport } from '../src/redis.js';

runEventTransportConformance({
  name: 'memory',
  open: async (retry, onEvent) => createMemoryTransport({ retry, onEvent }),
});

describeWithServices(['redis'], 'Redis Streams transport', () => {
  runEventTransportConformance({
    name: 'redis',
    open: async (retry, onEvent) =>
      createRedisTransport({
        url: serviceUrl('redis'),
        prefix: `truss-test:events:${randomUUID()}`,
        partitions: 4,
        blockMs: 50,
        partitionLeaseMs: 1000,
        retry,
        onEvent,
      }),
  });
});

describeWithServices(['redis'], 'Redis Streams partitions', () => {
  it('spreads the partitions of a consumer over its processes, and moves a stopped one to the others', async () => {
    const prefix = `truss-test:events:${randomUUID()}`;
    const open = () =>
      createRedisTransport({
        url: serviceUrl('redis'),
        prefix,
        partitions: 4,
        blockMs: 50,
        partitionLeaseMs: 300,
      });
    const [a, b] = [open(), open()];
    const by: Record<'a' | 'b', Set<string>> = { a: new Set(), b: new Set() };
    const handler = (name: 'a' | 'b') => ({
      name: 'spread',
      topics: ['t'],
      handle: async (e: { key: string }) => void by[name].add(e.key),
    });
    const until = async (check: () => boolean) => {
      const deadline = Date.now() + 5000;
      while (!check() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    };
    try {
      const subA = await a.subscribe(handler('a'));
      await b.subscribe(handler('b'));
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const keys = Array.from({ length: 40 }, (_, i) => `key-${i}`);
      const publish = () =>
        a.publish(
          keys.map((key) => ({ id: randomUUID(), topic: 't', key, payload: null, occurredAt: new Date() })),
        );
      await publish();
      await until(() => by.a.size + by.b.size === 40);
      expect(by.a.size).toBeGreaterThan(0);
      expect(by.b.size).toBeGreaterThan(0);
      expect([...by.a].filter((k) => by.b.has(k))).toEqual([]);
      await subA.stop();
      by.b.clear();
      await new Promise((resolve) => setTimeout(resolve, 1000));
      await publish();
      await until(() => by.b.size === 40);
      expect(by.b.size).toBe(40);
    } finally {
      await a.close();
      await b.close();
    }
  });
});

describeWithServices(['rabbitmq'], 'RabbitMQ transport', () => {
  runEventTransportConformance({
    name: 'amqp',
    open: async (retry, onEvent) =>
      createAmqpTransport({
        url: serviceUrl('rabbitmq'),
        prefix: `truss-test.${randomUUID()}`,
        partitions: 4,
        retry,
        onEvent,
      }),
  });
});
