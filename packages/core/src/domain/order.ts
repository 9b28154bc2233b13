import { z } from 'zod';
import { moneySchema } from './money.js';

/** The states of an order: pending → paid → shipped → delivered, or cancelled. */
export const ORDER_STATUSES = ['pending', 'paid', 'shipped', 'delivered', 'cancelled'] as const;

/** An order state. See {@link ORDER_STATUSES}. */
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** Schema of an {@link OrderStatus}. */
export const orderStatusSchema = z.enum(ORDER_STATUSES);

/** One line of an order (spec §3.1): a product, a quantity and the unit price at ordering time. */
export const orderItemSchema = z.object({
  id: z.uuid(),
  orderId: z.uuid(),
  productId: z.uuid(),
  quantity: z.number().int().min(1),
  unitPrice: moneySchema,
});

/** An order line. See {@link orderItemSchema}. */
export type OrderItem = z.infer<typeof orderItemSchema>;

/** An order (spec §3.1). `total` is computed on the server from the items. */
export const orderSchema = z.object({
  id: z.uuid(),
  userId: z.uuid(),
  total: moneySchema,
  status: orderStatusSchema,
  createdAt: z.date(),
});

/** An order. See {@link orderSchema}. */
export type Order = z.infer<typeof orderSchema>;
