import { type Clock, type MetricsRegistry, type OutboxRepository, systemClock } from '@truss/core';
import { z } from 'zod';

/**
 * What happened to events on their way: the relay published some (`published`), a consumer handled
 * one (`consumed`, after `attempts` calls), a consumer's call failed (`failed`, retried unless it
 * was the last attempt), or a consumer gave up on one (`dead_lettered`). Give a listener as
 * `onEvent` to a transport and to the outbox relay; {@link eventMetrics} makes one that counts.
 *
 * @example
 * ```ts
 * const onEvent = (activity: EventActivity) => {
 *   if (activity.type === 'dead_lettered') logger.warn(activity, 'event dead-lettered');
 * };
 * const transport = createMemoryTransport({ onEvent });
 * ```
 */
export type EventActivity =
  | { type: 'published'; topic: string; count: number }
  | { type: 'consumed'; consumer: string; topic: string; attempts: number }
  | { type: 'failed'; consumer: string; topic: string; attempt: number; error: string }
  | { type: 'dead_lettered'; consumer: string; topic: string; error: string };

/**
 * A listener of {@link EventActivity}. It is called synchronously on the delivery path: keep it
 * cheap. What it throws is ignored.
 *
 * @example
 * ```ts
 * const onEvent: EventActivityListener = (activity) => counts.set(activity.type, (counts.get(activity.type) ?? 0) + 1);
 * ```
 */
export type EventActivityListener = (activity: EventActivity) => void;

/** The zod schema of an optional `onEvent` option. @internal */
export const activityListenerSchema = z
  .custom<EventActivityListener>((f) => typeof f === 'function', 'must be a function')
  .optional();

/** Calls `listener`, if any, ignoring what it throws: an observer never breaks a delivery. @internal */
export function notify(listener: EventActivityListener | undefined, activity: EventActivity): void {
  if (!listener) return;
  try {
    listener(activity);
  } catch {
    // An observer's failure is its own.
  }
}

/**
 * An `onEvent` for the transports and the outbox relay recording, in `registry` (`@truss/metrics`
 * serves it): `events_published_total{event}`, `events_consumed_total{consumer,event}`,
 * `events_failed_total{consumer,event}` (handler calls that threw, retries included) and
 * `events_dead_lettered_total{consumer,event}`. `event` is the topic (`order.created`), so the
 * series stay few. The alerting rules of `docs/ops/alerts.yml` read the dead letters.
 *
 * @example
 * ```ts
 * const onEvent = eventMetrics(metrics.registry);
 * const transport = createMemoryTransport({ onEvent });
 * const relay = createOutboxRelay({ outbox, transport, onEvent });
 * ```
 */
export function eventMetrics(registry: MetricsRegistry): EventActivityListener {
  const consumerLabels = ['consumer', 'event'] as const;
  const published = registry.counter({
    name: 'events_published_total',
    help: 'Events the outbox relay published to the transport',
    labelNames: ['event'],
  });
  const consumed = registry.counter({
    name: 'events_consumed_total',
    help: 'Events a consumer handled',
    labelNames: consumerLabels,
  });
  const failed = registry.counter({
    name: 'events_failed_total',
    help: 'Consumer calls that failed (each retry counts)',
    labelNames: consumerLabels,
  });
  const dead = registry.counter({
    name: 'events_dead_lettered_total',
    help: 'Events a consumer gave up on after its retries (moved to the dead letters)',
    labelNames: consumerLabels,
  });
  return (activity) => {
    switch (activity.type) {
      case 'published':
        published.inc({ event: activity.topic }, activity.count);
        return;
      case 'consumed':
        consumed.inc({ consumer: activity.consumer, event: activity.topic });
        return;
      case 'failed':
        failed.inc({ consumer: activity.consumer, event: activity.topic });
        return;
      case 'dead_lettered':
        dead.inc({ consumer: activity.consumer, event: activity.topic });
        return;
    }
  };
}

/**
 * Declares the gauge `outbox_lag_seconds`: how long the oldest unpublished outbox event has been
 * waiting (0 when none waits), read from `outbox` at each scrape. It rises when the relay is stuck or
 * the broker is down, whichever instance is scraped; `NaN` when the outbox cannot be read.
 *
 * @example
 * ```ts
 * outboxLagMetric(metrics.registry, { outbox: createOutboxRepository(database.executor) });
 * ```
 */
export function outboxLagMetric(
  registry: MetricsRegistry,
  options: { outbox: Pick<OutboxRepository, 'listPending'>; clock?: Clock },
): void {
  const clock = options.clock ?? systemClock;
  registry.gauge({
    name: 'outbox_lag_seconds',
    help: 'Age of the oldest outbox event not yet published (0 when none waits)',
    async collect(gauge) {
      try {
        const [oldest] = await options.outbox.listPending(1);
        const lag = oldest ? (clock.now().getTime() - oldest.createdAt.getTime()) / 1000 : 0;
        gauge.set({}, Math.max(0, lag));
      } catch {
        gauge.set({}, Number.NaN);
      }
    },
  });
}
