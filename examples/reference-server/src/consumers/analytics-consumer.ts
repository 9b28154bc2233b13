import { DOMAIN_EVENTS, type Logger, silentLogger, type UnitOfWork } from '@truss/core';
import { z } from 'zod';
import { applyOnce, payloadOf } from './apply-once.js';
import type { Consumer } from './types.js';

/**
 * What {@link createAnalyticsConsumer} needs.
 *
 * @example
 * ```ts
 * const deps: AnalyticsConsumerDeps = { unitOfWork: repositories.unitOfWork, logger };
 * ```
 */
export interface AnalyticsConsumerDeps {
  unitOfWork: UnitOfWork;
  logger?: Logger;
}

const orderRef = z.object({ id: z.uuid() });

/**
 * The `analytics` consumer: on `order.created`, adds the order (one order, its total) to the daily
 * sales table under the UTC day it was placed, in the same transaction that records the event, so
 * a redelivered event is counted once. The order is read from the database (the payload only
 * needs its `id`).
 *
 * @example
 * ```ts
 * const analytics = createAnalyticsConsumer({ unitOfWork: repositories.unitOfWork });
 * await analytics.handle(event); // daily_sales of the order's day: orders + 1, revenue + total
 * ```
 */
export function createAnalyticsConsumer(deps: AnalyticsConsumerDeps): Consumer {
  const logger = deps.logger ?? silentLogger;
  const name = 'analytics';
  return {
    name,
    topics: [DOMAIN_EVENTS.orderCreated],
    async handle(event) {
      const { id } = payloadOf(event, orderRef);
      await applyOnce(deps.unitOfWork, name, event, async ({ orders, salesAnalytics }) => {
        const order = await orders.findById(id);
        if (!order) {
          logger.warn({ eventId: event.id, orderId: id }, 'analytics: order not found, event skipped');
          return;
        }
        await salesAnalytics.recordSale(order.createdAt.toISOString().slice(0, 10), order.total);
      });
    },
  };
}
