import { randomUUID } from 'node:crypto';
import { createMetrics } from '@truss/metrics';
import { createDatabase, createOutboxRepository, migrateToLatest, type TrussDatabase } from '@truss/repos';
import { manualClock } from '@truss/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryTransport, createOutboxRelay, eventMetrics, outboxLagMetric } from '../src/index.js';

/** The value of the sample `name{labels}` in the Prometheus text `text`, or undefined. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('event metrics (relay and memory transport, outbox on SQLite)', () => {
  let database: TrussDatabase;
  beforeAll(async () => {
    database = await createDatabase('sqlite::memory:');
    await migrateToLatest(database.db);
  });
  afterAll(async () => {
    await database.destroy();
  });

  it('counts events published, consumed, failed and dead-lettered, and the outbox lag, in GET /metrics', async () => {
    const metrics = createMetrics({ processMetrics: false });
    const time = manualClock(Date.parse('2026-12-01T12:00:00Z'));
    const outbox = createOutboxRepository(database.executor, { clock: time.clock });
    const onEvent = eventMetrics(metrics.registry);
    outboxLagMetric(metrics.registry, { outbox, clock: time.clock });
    const transport = createMemoryTransport({
      onEvent,
      retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 },
    });
    await transport.subscribe({
      name: 'mailer',
      topics: ['order.created', 'user.created'],
      async handle(event) {
        if (event.topic === 'user.created') throw new Error('mail server down');
      },
    });
    const text = () => metrics.prometheus.metrics();

    expect(sample(await text(), 'outbox_lag_seconds')).toBe(0);
    for (const topic of ['order.created', 'order.created', 'user.created'])
      await outbox.append({ id: randomUUID(), topic, payload: { id: randomUUID() } });
    time.advance(90);
    expect(sample(await text(), 'outbox_lag_seconds')).toBe(90);

    const relay = createOutboxRelay({ outbox, transport, onEvent });
    expect(await relay.runOnce()).toBe(3);
    const after = await text();
    expect(sample(after, 'outbox_lag_seconds')).toBe(0);
    expect(sample(after, 'events_published_total{event="order.created"}')).toBe(2);
    expect(sample(after, 'events_published_total{event="user.created"}')).toBe(1);
    expect(sample(after, 'events_consumed_total{consumer="mailer",event="order.created"}')).toBe(2);
    expect(sample(after, 'events_consumed_total{consumer="mailer",event="user.created"}')).toBeUndefined();
    expect(sample(after, 'events_failed_total{consumer="mailer",event="user.created"}')).toBe(2);
    expect(sample(after, 'events_dead_lettered_total{consumer="mailer",event="user.created"}')).toBe(1);
    await transport.close();
  });

  it('answers NaN for the outbox lag when the outbox cannot be read, and the scrape still succeeds', async () => {
    const metrics = createMetrics({ processMetrics: false });
    outboxLagMetric(metrics.registry, {
      outbox: {
        async listPending() {
          throw new Error('database down');
        },
      },
    });
    expect(sample(await metrics.prometheus.metrics(), 'outbox_lag_seconds')).toBeNaN();
  });

  it('ignores a listener that throws: the delivery goes on', async () => {
    const handled: string[] = [];
    const transport = createMemoryTransport({
      onEvent() {
        throw new Error('observer broke');
      },
    });
    await transport.subscribe({ name: 'c', topics: ['t'], handle: async (e) => void handled.push(e.id) });
    const id = randomUUID();
    await transport.publish([{ id, topic: 't', key: 'k', payload: null, occurredAt: new Date() }]);
    expect(handled).toEqual([id]);
    await transport.close();
  });

  it('refuses an onEvent that is not a function, naming it', () => {
    expect(() => createMemoryTransport({ onEvent: 'log' as never })).toThrow(
      expect.objectContaining({
        code: 'validation_error',
        details: [{ path: 'onEvent', message: 'must be a function' }],
      }),
    );
  });
});
