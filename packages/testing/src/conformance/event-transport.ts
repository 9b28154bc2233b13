import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';

/**
 * An event as `@truss/events` delivers it (structural, so `@truss/testing` needs no dependency on it).
 *
 * @example
 * ```ts
 * const event: ConformanceEvent = { id: crypto.randomUUID(), topic: 't', key: 'k', payload: 1, occurredAt: new Date() };
 * ```
 */
export interface ConformanceEvent {
  id: string;
  topic: string;
  key: string;
  payload: unknown;
  occurredAt: Date;
}

/**
 * The transport surface the suite drives: `EventTransport` of `@truss/events`, structurally.
 *
 * @example
 * ```ts
 * const transport: TransportUnderTest = createMemoryTransport({ retry });
 * ```
 */
export interface TransportUnderTest {
  readonly durable: boolean;
  publish(events: readonly ConformanceEvent[]): Promise<void>;
  subscribe(consumer: {
    name: string;
    topics: readonly string[];
    handle(event: ConformanceEvent): Promise<void>;
  }): Promise<{ stop(): Promise<void> }>;
  readonly deadLetters: {
    list(limit: number): Promise<{ id: string; consumer: string; event: ConformanceEvent }[]>;
    replay(ids?: readonly string[]): Promise<number>;
  };
  close(): Promise<void>;
}

/**
 * What a transport tells its `onEvent` listener (`EventActivity` of `@truss/events`, structurally):
 * each handled, failed and dead-lettered delivery.
 *
 * @example
 * ```ts
 * const seen: ConformanceActivity[] = [];
 * createMemoryTransport({ retry, onEvent: (a) => seen.push(a) });
 * ```
 */
export type ConformanceActivity =
  | { type: 'published'; topic: string; count: number }
  | { type: 'consumed'; consumer: string; topic: string; attempts: number }
  | { type: 'failed'; consumer: string; topic: string; attempt: number; error: string }
  | { type: 'dead_lettered'; consumer: string; topic: string; error: string };

/**
 * What {@link runEventTransportConformance} needs.
 *
 * @example
 * ```ts
 * runEventTransportConformance({ name: 'memory', open: async (retry) => createMemoryTransport({ retry }) });
 * ```
 */
export interface EventTransportConformanceTarget {
  name: string;
  /**
   * A fresh transport, isolated from every other one (its own key prefix, queue names…), retrying
   * as `retry` says and telling `onEvent` what happens to its deliveries. Called once or more per
   * test; the suite closes them.
   */
  open(
    retry: { maxAttempts: number; baseDelayMs: number; maxDelayMs: number },
    onEvent: (activity: ConformanceActivity) => void,
  ): Promise<TransportUnderTest>;
}

const RETRY = { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 50 };

async function waitFor(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 10_000,
): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function event(topic: string, key: string, payload: unknown): ConformanceEvent {
  return {
    id: randomUUID(),
    topic,
    key,
    payload,
    occurredAt: new Date(Math.floor(Date.now() / 1000) * 1000),
  };
}

/**
 * The behaviour every event transport owes its consumers: events delivered whole, to every
 * consumer name of their topic and no other, in order per key, failures retried then
 * dead-lettered and replayable, and (durable transports) events kept for consumers that are not
 * running and handed over by a consumer that stops. Capability differences are skipped by the
 * transport's `durable` flag, with the reason printed.
 *
 * @example
 * ```ts
 * runEventTransportConformance({
 *   name: 'redis',
 *   open: async (retry) => createRedisTransport({ url, prefix: `test:${crypto.randomUUID()}`, retry }),
 * });
 * ```
 */
export function runEventTransportConformance(target: EventTransportConformanceTarget): void {
  describe(`event transport conformance: ${target.name}`, () => {
    const opened: TransportUnderTest[] = [];
    let activities: ConformanceActivity[] = [];
    const open = async () => {
      const transport = await target.open(RETRY, (activity) => activities.push(activity));
      opened.push(transport);
      return transport;
    };
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((t) => t.close()));
      activities = [];
    });

    it('delivers each event whole to every consumer of its topic, and to no other', async () => {
      const transport = await open();
      const byConsumer: Record<string, ConformanceEvent[]> = { a: [], b: [], c: [] };
      for (const [name, topics] of [
        ['a', ['order.created']],
        ['b', ['order.created', 'order.shipped']],
        ['c', ['user.created']],
      ] as const) {
        await transport.subscribe({ name, topics, handle: async (e) => void byConsumer[name]?.push(e) });
      }
      const created = event('order.created', 'order-1', { id: 'order-1', total: '9.99', items: [{ q: 1 }] });
      const shipped = event('order.shipped', 'order-1', { id: 'order-1', trackingNumber: 'TRK-ü' });
      await transport.publish([created, shipped]);
      await waitFor(() => byConsumer.a?.length === 1 && byConsumer.b?.length === 2, 'deliveries');
      expect(byConsumer.a).toEqual([created]);
      expect(byConsumer.b).toEqual([created, shipped]);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(byConsumer.c).toEqual([]);
      expect(byConsumer.a).toHaveLength(1);
    });

    it('keeps the order of each key while handling keys concurrently', async () => {
      const transport = await open();
      const seen = new Map<string, number[]>();
      let concurrent = 0;
      let maxConcurrent = 0;
      await transport.subscribe({
        name: 'ordered',
        topics: ['order.created'],
        async handle(e) {
          concurrent++;
          maxConcurrent = Math.max(maxConcurrent, concurrent);
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 5));
          const { seq } = e.payload as { seq: number };
          seen.set(e.key, [...(seen.get(e.key) ?? []), seq]);
          concurrent--;
        },
      });
      const events = Array.from({ length: 200 }, (_, i) => event('order.created', `k${i % 10}`, { seq: i }));
      await transport.publish(events);
      await waitFor(() => [...seen.values()].reduce((n, s) => n + s.length, 0) === 200, '200 deliveries');
      for (const [key, seqs] of seen) {
        expect(seqs, key).toEqual([...seqs].sort((x, y) => x - y));
      }
      expect(maxConcurrent).toBeGreaterThan(1);
    });

    it('shares a consumer name between its subscriptions: each event handled once, each key in order', async () => {
      const transport = await open();
      const handled: { key: string; seq: number; by: string }[] = [];
      const subscribe = (by: string) =>
        transport.subscribe({
          name: 'shared',
          topics: ['order.created'],
          async handle(e) {
            await new Promise((resolve) => setTimeout(resolve, Math.random() * 3));
            handled.push({ key: e.key, seq: (e.payload as { seq: number }).seq, by });
          },
        });
      await subscribe('one');
      await subscribe('two');
      // Let the transports settle who reads what before publishing.
      await new Promise((resolve) => setTimeout(resolve, 300));
      const events = Array.from({ length: 200 }, (_, i) => event('order.created', `k${i % 20}`, { seq: i }));
      await transport.publish(events.slice(0, 100));
      await transport.publish(events.slice(100));
      await waitFor(() => handled.length >= 200, '200 deliveries');
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(handled).toHaveLength(200);
      expect(new Set(handled.map((h) => h.seq)).size).toBe(200);
      for (let k = 0; k < 20; k++) {
        const seqs = handled.filter((h) => h.key === `k${k}`).map((h) => h.seq);
        expect(seqs, `k${k}`).toEqual([...seqs].sort((x, y) => x - y));
      }
      // Which subscription handles what is the transport's business (RabbitMQ's single active
      // consumer keeps the second one on standby); that each event is handled once, in key order, is not.
    });

    it('retries a failing handler with backoff until it succeeds', async () => {
      const transport = await open();
      const calls: number[] = [];
      await transport.subscribe({
        name: 'flaky',
        topics: ['user.created'],
        async handle() {
          calls.push(Date.now());
          if (calls.length < RETRY.maxAttempts) throw new Error('not yet');
        },
      });
      await transport.publish([event('user.created', 'u1', { id: 'u1' })]);
      await waitFor(() => calls.length === RETRY.maxAttempts, 'retries');
      expect((calls.at(-1) ?? 0) - (calls[0] ?? 0)).toBeGreaterThanOrEqual(RETRY.baseDelayMs);
      expect(await transport.deadLetters.list(10)).toEqual([]);
    });

    it('dead-letters a poison event after its last attempt, and replays it to that consumer only', async () => {
      const transport = await open();
      let poisonCalls = 0;
      let heal = false;
      const handledByOther: string[] = [];
      await transport.subscribe({
        name: 'picky',
        topics: ['order.created'],
        async handle(e) {
          if ((e.payload as { poison?: boolean }).poison) {
            poisonCalls++;
            if (!heal) throw new Error('cannot handle this');
          }
        },
      });
      await transport.subscribe({
        name: 'other',
        topics: ['order.created'],
        handle: async (e) => void handledByOther.push(e.id),
      });
      const poison = event('order.created', 'o9', { poison: true });
      await transport.publish([poison]);
      await waitFor(async () => (await transport.deadLetters.list(10)).length === 1, 'the dead letter');
      expect(poisonCalls).toBe(RETRY.maxAttempts);
      const [dead] = await transport.deadLetters.list(10);
      expect(dead?.consumer).toBe('picky');
      expect(dead?.event).toMatchObject({
        id: poison.id,
        topic: 'order.created',
        key: 'o9',
        payload: { poison: true },
      });
      await waitFor(() => handledByOther.length === 1, 'the other consumer');
      // What `onEvent` heard: each failed call, the dead letter, and the other consumer's success.
      const about = { consumer: 'picky', topic: 'order.created' };
      expect(activities.filter((a) => a.type !== 'consumed')).toEqual([
        ...Array.from({ length: RETRY.maxAttempts }, (_, i) => ({
          type: 'failed',
          ...about,
          attempt: i + 1,
          error: 'cannot handle this',
        })),
        { type: 'dead_lettered', ...about, error: 'cannot handle this' },
      ]);
      expect(activities.filter((a) => a.type === 'consumed')).toEqual([
        { type: 'consumed', consumer: 'other', topic: 'order.created', attempts: 1 },
      ]);
      heal = true;
      expect(await transport.deadLetters.replay([dead?.id ?? ''])).toBe(1);
      await waitFor(() => poisonCalls === RETRY.maxAttempts + 1, 'the replay');
      await waitFor(() => activities.some((a) => a.type === 'consumed' && a.consumer === 'picky'), 'onEvent');
      expect(await transport.deadLetters.list(10)).toEqual([]);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(handledByOther).toEqual([poison.id]);
    });

    it('keeps events for a consumer while it is down (durable transports; others say they drop them); a stopped one finishes what it holds and its successor continues', async () => {
      const transport = await open();
      if (!transport.durable) {
        // Not durable (in-process): what is published while no consumer listens is not kept, which
        // is why the relay of such a transport runs beside its consumers. It must not surface later.
        await (
          await transport.subscribe({ name: 'handover', topics: ['order.shipped'], handle: async () => {} })
        ).stop();
        await transport.publish([event('order.shipped', 'o1', { n: 1 })]).catch(() => undefined);
        const seen: string[] = [];
        await transport.subscribe({
          name: 'handover',
          topics: ['order.shipped'],
          handle: async (e) => void seen.push(e.id),
        });
        const late = event('order.shipped', 'o3', { n: 3 });
        await transport.publish([late]);
        await waitFor(() => seen.includes(late.id), 'the late event');
        await new Promise((resolve) => setTimeout(resolve, 100));
        expect(seen).toEqual([late.id]);
        return;
      }
      // A consumer that ran once (its group or queues exist) and is down now.
      await (
        await transport.subscribe({ name: 'handover', topics: ['order.shipped'], handle: async () => {} })
      ).stop();
      const early = event('order.shipped', 'o1', { n: 1 });
      await transport.publish([early]);
      const first: string[] = [];
      let release: () => void = () => {};
      const blocked = new Promise<void>((resolve) => {
        release = resolve;
      });
      const subscription = await transport.subscribe({
        name: 'handover',
        topics: ['order.shipped'],
        async handle(e) {
          first.push(e.id);
          if ((e.payload as { n: number }).n === 2) await blocked;
        },
      });
      await waitFor(() => first.length === 1, 'the early event');
      expect(first).toEqual([early.id]);
      const held = event('order.shipped', 'o2', { n: 2 });
      await transport.publish([held]);
      await waitFor(() => first.length === 2, 'the held event');
      const stopping = subscription.stop();
      release();
      await stopping;
      const second: string[] = [];
      await transport.subscribe({
        name: 'handover',
        topics: ['order.shipped'],
        handle: async (e) => void second.push(e.id),
      });
      const late = event('order.shipped', 'o3', { n: 3 });
      await transport.publish([late]);
      await waitFor(() => second.includes(late.id), 'the late event');
      expect(second).not.toContain(early.id);
      expect(second).not.toContain(held.id);
    });
  });
}
