import { randomUUID } from 'node:crypto';
import {
  describeWithServices,
  describeWithTool,
  runEventTransportConformance,
  serviceUrl,
} from '@truss/testing';
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

describeWithServices(['rabbitmq'], 'RabbitMQ transport, connection lost', () => {
  describeWithTool(
    'rabbitmqctl',
    'apt-get install -y rabbitmq-server',
    'closed by the broker',
    (rabbitmqctl) => {
      /** Closes, from the broker's side, the connection named `name` (as a restart or an operator would). */
      async function closeFromBroker(name: string): Promise<void> {
        const { execFile } = await import('node:child_process');
        const run = (args: string[]) =>
          new Promise<string>((resolve, reject) =>
            execFile(rabbitmqctl, args, { timeout: 30_000 }, (error, stdout) =>
              error ? reject(error) : resolve(stdout),
            ),
          );
        // RabbitMQ 3.10 lists the name among the client properties: one line per connection.
        const listing = await run(['list_connections', 'pid', 'client_properties', '--silent']);
        const pids = listing
          .split('\n')
          .filter((line) => line.includes(name))
          .map((line) => line.split('\t')[0] as string);
        expect(pids).toHaveLength(1);
        await run(['close_connection', pids[0] as string, 'closed by the reconnection test']);
      }

      it('reconnects when the broker closes its connection, subscribes again, and publishes once it is back', async () => {
        const name = `truss-test-${randomUUID()}`;
        const transport = await createAmqpTransport({
          url: serviceUrl('rabbitmq'),
          prefix: `truss-test.${randomUUID()}`,
          partitions: 2,
          connectionName: name,
          reconnectDelayMs: 50,
        });
        const seen: string[] = [];
        try {
          await transport.subscribe({ name: 'c', topics: ['t'], handle: async (e) => void seen.push(e.id) });
          const event = () => ({
            id: randomUUID(),
            topic: 't',
            key: randomUUID(),
            payload: null,
            occurredAt: new Date(),
          });
          const first = event();
          await transport.publish([first]);
          await expect.poll(() => seen, { timeout: 10_000 }).toContain(first.id);

          await closeFromBroker(name);
          // Publishing fails while it is down (the outbox relay retries), then succeeds.
          const second = event();
          const deadline = Date.now() + 20_000;
          for (;;) {
            try {
              await transport.publish([second]);
              break;
            } catch (error) {
              if (Date.now() > deadline) throw error;
              await new Promise((resolve) => setTimeout(resolve, 100));
            }
          }
          await expect.poll(() => seen, { timeout: 10_000 }).toContain(second.id);
          expect(seen.filter((id) => id === first.id)).toHaveLength(1);
        } finally {
          await transport.close();
        }
      });
    },
  );
});
