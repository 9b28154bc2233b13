import type { Logger, Mailer, UnitOfWork } from '@truss/core';
import { createAnalyticsConsumer } from './analytics-consumer.js';
import { createEmailConsumer } from './email-consumer.js';
import { createInventoryConsumer } from './inventory-consumer.js';
import type { Consumer } from './types.js';

/**
 * What {@link createConsumers} needs.
 *
 * @example
 * ```ts
 * const deps: ConsumersDeps = { unitOfWork: repositories.unitOfWork, mailer, lowStockThreshold: config.LOW_STOCK_THRESHOLD, logger };
 * ```
 */
export interface ConsumersDeps {
  /** Every consumer records its events and reads what it needs through it (on the primary). */
  unitOfWork: UnitOfWork;
  mailer: Mailer;
  /** `LOW_STOCK_THRESHOLD`: the inventory consumer's limit. */
  lowStockThreshold: number;
  logger?: Logger;
}

/**
 * The reference server's consumers, for the event bus to run: `email` (welcome, order
 * confirmation, shipping notice), `inventory` (low-stock notices to Managers) and `analytics` (the
 * daily sales table). Each applies an event once, however often it is delivered.
 *
 * @example
 * ```ts
 * const consumers = createConsumers({ unitOfWork, mailer, lowStockThreshold: config.LOW_STOCK_THRESHOLD, logger });
 * for (const consumer of consumers) console.log(consumer.name, consumer.topics);
 * ```
 */
export function createConsumers(deps: ConsumersDeps): Consumer[] {
  const { unitOfWork, mailer, logger } = deps;
  // Each consumer's lines carry its name.
  const logs = (name: string) => (logger ? { logger: logger.child?.({ consumer: name }) ?? logger } : {});
  return [
    createEmailConsumer({ unitOfWork, mailer, ...logs('email') }),
    createInventoryConsumer({
      unitOfWork,
      mailer,
      lowStockThreshold: deps.lowStockThreshold,
      ...logs('inventory'),
    }),
    createAnalyticsConsumer({ unitOfWork, ...logs('analytics') }),
  ];
}

export type { AnalyticsConsumerDeps } from './analytics-consumer.js';
export { createAnalyticsConsumer } from './analytics-consumer.js';
export { applyOnce, payloadOf } from './apply-once.js';
export type { EmailConsumerDeps } from './email-consumer.js';
export { createEmailConsumer } from './email-consumer.js';
export type { InventoryConsumerDeps } from './inventory-consumer.js';
export { createInventoryConsumer } from './inventory-consumer.js';
export type { LowStockItem, OrderLine, Recipient } from './mail-messages.js';
export {
  escapeHtml,
  greetingName,
  lineTotal,
  lowStockMail,
  orderConfirmationMail,
  shippingNoticeMail,
  welcomeMail,
} from './mail-messages.js';
export type { Consumer, DeliveredEvent } from './types.js';
