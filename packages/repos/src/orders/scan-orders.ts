import { type OrderRecord, type OrderScanOptions, orderStatusSchema, parseInput } from '@truss/core';
import { z } from 'zod';
import { keysetScan } from '../pagination/keyset-scan.js';
import type { OrderContext } from './order-context.js';
import { withItems } from './order-records.js';

const scanSchema = z.strictObject({
  batchSize: z.number().int().min(1).max(1000).default(500),
  status: orderStatusSchema.optional(),
});

/**
 * `OrderRepository.scan`: every order (of a status), newest first, with its items, in batches of at
 * most `batchSize` (default 500). Other work gets a turn between batches, on every database.
 *
 * @example
 * ```ts
 * for await (const batch of scanOrders(context, { batchSize: 500 })) write(batch);
 * ```
 */
export async function* scanOrders(
  context: OrderContext,
  options: OrderScanOptions = {},
): AsyncGenerator<OrderRecord[], void> {
  const o = parseInput(scanSchema, options, 'scan options');
  yield* keysetScan({
    read: context.read,
    batchSize: o.batchSize,
    query: (source) =>
      source.db
        .selectFrom('orders')
        .selectAll()
        .$if(o.status !== undefined, (b) => b.where('status', '=', o.status ?? 'pending')),
    map: (rows, source) => withItems(source, rows),
  });
}
