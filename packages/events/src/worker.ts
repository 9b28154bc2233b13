import type { EventConsumer } from './event.js';
import type { OutboxRelay } from './relay/outbox-relay.js';
import type { EventTransport, Subscription } from './transport.js';

/**
 * What {@link startEventWorker} runs.
 *
 * @example
 * ```ts
 * const options: EventWorkerOptions = { transport, consumers: [welcomeMail], relay };
 * ```
 */
export interface EventWorkerOptions {
  transport: EventTransport;
  consumers: readonly EventConsumer[];
  /** The outbox relay to run beside the consumers; none when omitted. */
  relay?: OutboxRelay;
}

/**
 * A running worker.
 *
 * @example
 * ```ts
 * process.once('SIGTERM', () => void worker.stop());
 * ```
 */
export interface EventWorker {
  /**
   * Stops the relay (after its batch in hand), then every consumer: events in hand are finished
   * within the transport's grace period, the rest go back to the broker.
   */
  stop(): Promise<void>;
}

/**
 * Subscribes every consumer and starts the relay: the worker of a process (the server's inline
 * workers, or a separate `worker` process).
 *
 * @example
 * ```ts
 * const worker = await startEventWorker({ transport, consumers, relay: createOutboxRelay({ outbox, transport }) });
 * ```
 */
export async function startEventWorker(options: EventWorkerOptions): Promise<EventWorker> {
  const names = new Set<string>();
  for (const consumer of options.consumers) {
    if (names.has(consumer.name)) throw new Error(`Two consumers are named ${consumer.name}`);
    names.add(consumer.name);
  }
  const subscriptions: Subscription[] = [];
  for (const consumer of options.consumers) subscriptions.push(await options.transport.subscribe(consumer));
  options.relay?.start();
  let stopping: Promise<void> | null = null;
  return {
    stop() {
      stopping ??= (async () => {
        await options.relay?.stop();
        await Promise.all(subscriptions.map((s) => s.stop()));
      })();
      return stopping;
    },
  };
}
