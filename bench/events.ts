// Events per second, publish → consumer, for each @truss/events transport beside the raw client
// doing the same work in the same run:
//
// - redis: createRedisTransport (partitioned streams, consumer group, per-key serialization, XACK)
//   vs raw ioredis: pipelined XADD in batches, XREADGROUP COUNT/BLOCK, XACK per entry.
// - amqp: createAmqpTransport (confirm channel, partition queues, per-key serialization, ack) vs
//   raw amqplib: confirm-channel publish in batches + waitForConfirms, one durable queue, prefetch,
//   ack per message.
// - memory: createMemoryTransport (publish resolves when the consumer is done) vs raw mitt with the
//   same async handler awaited per event.
//
// Both sides publish EVENTS events in batches of BATCH (the relay's batch) while a consumer in the
// same process counts them; the time is first publish → last event handled. Goal: ≥ 0.5x raw.
// Needs Redis and RabbitMQ (TRUSS_TEST_REDIS_URL, TRUSS_TEST_RABBITMQ_URL as the tests).
// Run: `npm run bench:events`. BENCH_EVENTS, BENCH_ROUNDS change the size.
import { randomUUID } from 'node:crypto';
import { createMemoryTransport, type DeliveredEvent, type EventTransport } from '@truss/events';
import { createAmqpTransport } from '@truss/events/amqp';
import { createRedisTransport } from '@truss/events/redis';
import { serviceUrl } from '@truss/testing';
import amqp from 'amqplib';
import { Redis } from 'ioredis';
import mitt from 'mitt';
import { fmt, median, progress } from './lib.ts';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 20_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const BATCH = 200;
const KEYS = Array.from({ length: 1000 }, () => randomUUID());

function makeEvents(): DeliveredEvent[] {
  return Array.from({ length: EVENTS }, (_, i) => ({
    id: randomUUID(),
    topic: 'order.created',
    key: KEYS[i % KEYS.length] as string,
    payload: {
      id: KEYS[i % KEYS.length],
      total: '19.99',
      items: [{ productId: 'p', quantity: 1, unitPrice: '19.99' }],
    },
    occurredAt: new Date(),
  }));
}

function counter(): { handled: () => number; done: Promise<void>; tick: () => void } {
  let n = 0;
  let resolve: () => void = () => {};
  const done = new Promise<void>((r) => {
    resolve = r;
  });
  return {
    handled: () => n,
    done,
    tick() {
      if (++n === EVENTS) resolve();
    },
  };
}

/** Events per second through a Truss transport. */
async function truss(open: () => Promise<EventTransport>): Promise<number> {
  const transport = await open();
  const count = counter();
  await transport.subscribe({ name: 'bench', topics: ['order.created'], handle: async () => count.tick() });
  const events = makeEvents();
  const started = performance.now();
  const publishing: Promise<void>[] = [];
  for (let i = 0; i < events.length; i += BATCH) {
    const batch = transport.publish(events.slice(i, i + BATCH));
    // The durable transports answer once the broker holds the batch; memory once it is handled.
    if (transport.durable) await batch;
    else publishing.push(batch);
  }
  await Promise.all(publishing);
  await count.done;
  const rate = (EVENTS * 1000) / (performance.now() - started);
  await transport.close();
  return rate;
}

/** Events per second through raw ioredis: XADD pipelines, XREADGROUP, XACK. */
async function rawRedis(): Promise<number> {
  const url = serviceUrl('redis');
  const stream = `truss-bench:raw:${randomUUID()}`;
  const writer = new Redis(url);
  const reader = new Redis(url);
  await writer.xgroup('CREATE', stream, 'bench', '0', 'MKSTREAM');
  const count = counter();
  let reading = true;
  const loop = (async () => {
    while (reading) {
      const reply = (await reader.xreadgroup(
        'GROUP',
        'bench',
        'c1',
        'COUNT',
        BATCH,
        'BLOCK',
        100,
        'STREAMS',
        stream,
        '>',
      )) as [string, [string, string[]][]][] | null;
      for (const [, entries] of reply ?? []) {
        for (const [id, fields] of entries) {
          JSON.parse(fields[3] ?? 'null');
          await Promise.resolve();
          count.tick();
          void writer.xack(stream, 'bench', id);
        }
      }
    }
  })();
  const events = makeEvents();
  const started = performance.now();
  for (let i = 0; i < events.length; i += BATCH) {
    const pipeline = writer.pipeline();
    for (const e of events.slice(i, i + BATCH)) {
      pipeline.xadd(
        stream,
        '*',
        'id',
        e.id,
        'payload',
        JSON.stringify(e.payload),
        'key',
        e.key,
        'topic',
        e.topic,
      );
    }
    await pipeline.exec();
  }
  await count.done;
  const rate = (EVENTS * 1000) / (performance.now() - started);
  reading = false;
  await loop;
  await writer.del(stream);
  writer.disconnect();
  reader.disconnect();
  return rate;
}

/** Events per second through raw amqplib: confirm-channel publishes, one queue, prefetch, ack. */
async function rawAmqp(): Promise<number> {
  const connection = await amqp.connect(serviceUrl('rabbitmq'));
  const publisher = await connection.createConfirmChannel();
  const consumer = await connection.createChannel();
  const queue = `truss-bench.raw.${randomUUID()}`;
  await publisher.assertQueue(queue, { durable: true });
  await consumer.prefetch(500);
  const count = counter();
  await consumer.consume(queue, async (message) => {
    if (!message) return;
    JSON.parse(message.content.toString());
    await Promise.resolve();
    consumer.ack(message);
    count.tick();
  });
  const events = makeEvents();
  const started = performance.now();
  for (let i = 0; i < events.length; i += BATCH) {
    for (const e of events.slice(i, i + BATCH)) {
      publisher.sendToQueue(queue, Buffer.from(JSON.stringify(e.payload)), {
        persistent: true,
        messageId: e.id,
        headers: { key: e.key },
      });
    }
    await publisher.waitForConfirms();
  }
  await count.done;
  const rate = (EVENTS * 1000) / (performance.now() - started);
  await publisher.deleteQueue(queue);
  await connection.close();
  return rate;
}

/** Events per second through raw mitt, the same async handler awaited per event. */
async function rawMitt(): Promise<number> {
  const emitter = mitt<{ event: { e: DeliveredEvent; wait: (p: Promise<void>) => void } }>();
  const count = counter();
  emitter.on('event', ({ wait }) =>
    wait(
      (async () => {
        await Promise.resolve();
        count.tick();
      })(),
    ),
  );
  const events = makeEvents();
  const started = performance.now();
  const pending: Promise<void>[] = [];
  for (const e of events) emitter.emit('event', { e, wait: (p) => pending.push(p) });
  await Promise.all(pending);
  await count.done;
  return (EVENTS * 1000) / (performance.now() - started);
}

const CASES: { name: string; raw: () => Promise<number>; truss: () => Promise<number> }[] = [
  { name: 'memory', raw: rawMitt, truss: () => truss(async () => createMemoryTransport()) },
  {
    name: 'redis',
    raw: rawRedis,
    truss: () =>
      truss(async () =>
        createRedisTransport({
          url: serviceUrl('redis'),
          prefix: `truss-bench:${randomUUID()}`,
          blockMs: 100,
        }),
      ),
  },
  {
    name: 'amqp',
    raw: rawAmqp,
    truss: () =>
      truss(() =>
        createAmqpTransport({ url: serviceUrl('rabbitmq'), prefix: `truss-bench.${randomUUID()}` }),
      ),
  },
];

console.log(`events: ${EVENTS} per round, batches of ${BATCH}, ${ROUNDS} rounds, median events/s`);
for (const c of CASES) {
  const raws: number[] = [];
  const ours: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    progress(`${c.name} round ${round + 1}/${ROUNDS}`);
    raws.push(await c.raw());
    ours.push(await c.truss());
  }
  const raw = median(raws);
  const truss = median(ours);
  console.log(
    `${c.name.padEnd(7)} raw ${fmt(raw).padStart(8)} /s   @truss/events ${fmt(truss).padStart(8)} /s   ratio ${fmt(truss / raw, 2)}x (goal >= 0.5x)`,
  );
}
process.exit(0);
