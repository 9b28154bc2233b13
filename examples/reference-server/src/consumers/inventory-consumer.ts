import {
  DOMAIN_EVENTS,
  type Logger,
  type Mailer,
  silentLogger,
  type TransactionRepositories,
  type UnitOfWork,
  type UserRecord,
} from '@truss/core';
import { z } from 'zod';
import { applyOnce, payloadOf } from './apply-once.js';
import { type LowStockItem, lowStockMail } from './mail-messages.js';
import type { Consumer } from './types.js';

/**
 * What {@link createInventoryConsumer} needs.
 *
 * @example
 * ```ts
 * const deps: InventoryConsumerDeps = { unitOfWork, mailer, lowStockThreshold: config.LOW_STOCK_THRESHOLD };
 * ```
 */
export interface InventoryConsumerDeps {
  unitOfWork: UnitOfWork;
  mailer: Mailer;
  /** A product whose stock is below this is low. */
  lowStockThreshold: number;
  logger?: Logger;
}

const orderRef = z.object({ id: z.uuid() });

/** Every user of role `manager`, page by page. */
async function managers({ userAdmin }: TransactionRepositories): Promise<UserRecord[]> {
  const all: UserRecord[] = [];
  let cursor: string | null = null;
  do {
    const page = await userAdmin.list({ role: 'manager', limit: 100, cursor, sort: 'asc' });
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return all;
}

/** The order's products whose stock is now below `threshold`, each once, in the order's order. */
async function lowStock(
  { orders, products }: TransactionRepositories,
  orderId: string,
  threshold: number,
): Promise<LowStockItem[] | null> {
  const order = await orders.findById(orderId);
  if (!order) return null;
  const low: LowStockItem[] = [];
  for (const productId of new Set(order.items.map((item) => item.productId))) {
    const product = await products.findById(productId);
    if (product && product.stock < threshold)
      low.push({ id: product.id, name: product.name, stock: product.stock });
  }
  return low;
}

/**
 * The `inventory` consumer: on `order.created`, reads the stock of the order's products now, and
 * when one or more are below `lowStockThreshold`, mails each Manager (users of role `manager`) one
 * notice listing them. Once per event: the event is recorded (`inventory`, event id) in the
 * transaction that commits after the last mail was accepted; a failed send rolls it back and the
 * event is retried — Managers mailed before the failure get the notice again.
 *
 * @example
 * ```ts
 * const inventory = createInventoryConsumer({ unitOfWork, mailer, lowStockThreshold: 10, logger });
 * await inventory.handle(event);
 * ```
 */
export function createInventoryConsumer(deps: InventoryConsumerDeps): Consumer {
  const logger = deps.logger ?? silentLogger;
  const name = 'inventory';
  return {
    name,
    topics: [DOMAIN_EVENTS.orderCreated],
    async handle(event) {
      const { id } = payloadOf(event, orderRef);
      await applyOnce(deps.unitOfWork, name, event, async (repositories) => {
        const low = await lowStock(repositories, id, deps.lowStockThreshold);
        if (low === null) {
          logger.warn({ eventId: event.id, orderId: id }, 'inventory: order not found, event skipped');
          return;
        }
        if (low.length === 0) return;
        const recipients = await managers(repositories);
        if (recipients.length === 0)
          logger.warn({ eventId: event.id }, 'inventory: low stock, but no Manager');
        for (const manager of recipients) {
          await deps.mailer.send({
            ...lowStockMail(manager, low, deps.lowStockThreshold),
            headers: { 'X-Truss-Event': event.topic, 'X-Truss-Event-Id': event.id },
          });
        }
      });
    },
  };
}
