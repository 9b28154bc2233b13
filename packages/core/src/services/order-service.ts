import { z } from 'zod';
import { type OrderStatus, orderStatusSchema } from '../domain/order.js';
import type { Principal } from '../domain/user.js';
import { TrussError } from '../errors.js';
import type { AccessControl } from '../ports/access-control.js';
import type { Clock } from '../ports/clock.js';
import { systemClock } from '../ports/clock.js';
import type { OrderRecord, OrderRepository } from '../ports/order-repository.js';
import type { Page } from '../ports/page.js';
import type { PaymentProvider } from '../ports/payment-provider.js';
import type { UnitOfWork } from '../ports/unit-of-work.js';
import { parseInput } from '../validation.js';
import { type PublicOrder, toPublicOrder } from './api-views.js';
import { orderCreatedEvent, orderShippedEvent } from './domain-events.js';
import { chargeOrder, paymentKey } from './order-payment.js';

/**
 * What {@link createOrderService} needs.
 *
 * @example
 * ```ts
 * const deps: OrderServiceDeps = { orders, unitOfWork, access, payments, paymentTimeoutMs: 5_000 };
 * ```
 */
export interface OrderServiceDeps {
  orders: OrderRepository;
  unitOfWork: UnitOfWork;
  access: AccessControl;
  payments: PaymentProvider;
  /** ISO 4217 currency of every price. Default `EUR`. */
  currency?: string;
  /** How long to wait for the payment provider, in ms. Default 10 000. */
  paymentTimeoutMs?: number;
  /** Default: the system clock. */
  clock?: Clock;
  /** Default: `crypto.randomUUID()`. */
  newId?: () => string;
}

/**
 * Most lines in one order, and the largest quantity of one line.
 *
 * @example
 * ```ts
 * ORDER_LIMITS.maxQuantity; // 10 000: a larger quantity is a 422
 * ```
 */
export const ORDER_LIMITS = Object.freeze({ maxItems: 100, maxQuantity: 10_000 });

/**
 * Body of {@link OrderService.create}: `{ items: [{ product_id, quantity }] }`.
 *
 * @example
 * ```ts
 * orderCreateSchema.parse({ items: [{ product_id: productId, quantity: 2 }] });
 * ```
 */
export const orderCreateSchema = z.strictObject({
  items: z
    .array(
      z.strictObject({
        product_id: z.uuid(),
        quantity: z.number().int().min(1).max(ORDER_LIMITS.maxQuantity),
      }),
    )
    .min(1)
    .max(ORDER_LIMITS.maxItems),
});

/**
 * Query of {@link OrderService.list}; `user_id` narrows a Manager's or Admin's list.
 *
 * @example
 * ```ts
 * orderListQuerySchema.parse({ status: 'paid', limit: '50' }); // limit coerced to 50
 * ```
 */
export const orderListQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().min(1).max(200).optional(),
  status: orderStatusSchema.optional(),
  user_id: z.uuid().optional(),
  sort: z.enum(['created_at', '-created_at']).default('-created_at'),
});

/**
 * Body of {@link OrderService.pay}.
 *
 * @example
 * ```ts
 * payOrderSchema.parse({ payment_token: 'tok_visa' });
 * ```
 */
export const payOrderSchema = z.strictObject({ payment_token: z.string().min(1).max(200) });

/**
 * Body of {@link OrderService.ship}.
 *
 * @example
 * ```ts
 * shipOrderSchema.parse({ tracking_number: 'TRK-123' });
 * ```
 */
export const shipOrderSchema = z.strictObject({ tracking_number: z.string().trim().min(1).max(100) });

/**
 * Which state each action moves an order from, and to. Anything else is a 409 `conflict`.
 *
 * @example
 * ```ts
 * ORDER_TRANSITIONS.ship; // { from: ['paid'], to: 'shipped' }
 * ```
 */
export const ORDER_TRANSITIONS = Object.freeze({
  pay: { from: ['pending'], to: 'paid' },
  ship: { from: ['paid'], to: 'shipped' },
  deliver: { from: ['shipped'], to: 'delivered' },
  // A paid order can still be cancelled until it ships: its charge is refunded.
  cancel: { from: ['pending', 'paid'], to: 'cancelled' },
} as const satisfies Record<string, { from: readonly OrderStatus[]; to: OrderStatus }>);

/**
 * An order action. See {@link ORDER_TRANSITIONS}.
 *
 * @example
 * ```ts
 * const action: OrderAction = 'cancel';
 * ```
 */
export type OrderAction = keyof typeof ORDER_TRANSITIONS;

/**
 * Orders (spec §5.1 `OrderService`): created from items with stock taken and the total computed
 * from current prices in one transaction with the `order.created` event; paid through the
 * {@link PaymentProvider} (never twice), shipped and delivered by a Manager or Admin, cancelled
 * (restocked, refunded) by the owner until it ships.
 *
 * @example
 * ```ts
 * const order = await orders.create(principal, { items: [{ product_id: productId, quantity: 1 }] });
 * await orders.pay(principal, order.id, { payment_token: 'tok_visa' });
 * ```
 */
export interface OrderService {
  /** Creates a pending order for the caller. 422 for unknown products, 409 when stock is short. */
  create(principal: Principal | null, input: unknown): Promise<PublicOrder>;
  /** The caller's orders (a User), or everyone's (Manager, Admin), filtered and sorted. */
  list(principal: Principal | null, query: unknown): Promise<Page<PublicOrder>>;
  /** One order; 404 when absent or someone else's (for a User). */
  get(principal: Principal | null, id: string): Promise<PublicOrder>;
  /**
   * Pays a pending order (the owner). A declined payment is 402 and leaves it pending; a provider
   * that does not answer in time is 503 and leaves it pending — a retry reuses the idempotency key,
   * so the order is charged at most once.
   */
  pay(principal: Principal | null, id: string, input: unknown): Promise<PublicOrder>;
  /** Ships a paid order with a tracking number (Manager, Admin), with the `order.shipped` event. */
  ship(principal: Principal | null, id: string, input: unknown): Promise<PublicOrder>;
  /** Marks a shipped order delivered (Manager, Admin). */
  deliver(principal: Principal | null, id: string): Promise<PublicOrder>;
  /**
   * Cancels a pending or paid order (the owner) and puts its items back in stock. The charge of a
   * paid order is refunded, and so is a charge a timed-out pay attempt may have made.
   */
  cancel(principal: Principal | null, id: string): Promise<PublicOrder>;
}

/** Quantities per product, in product id order (so concurrent orders lock rows in one order). */
function merge(items: z.output<typeof orderCreateSchema>['items']): [string, number][] {
  const byProduct = new Map<string, number>();
  for (const item of items) {
    const id = item.product_id.toLowerCase();
    byProduct.set(id, (byProduct.get(id) ?? 0) + item.quantity);
  }
  return [...byProduct].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Builds the {@link OrderService}.
 *
 * @example
 * ```ts
 * const orders = createOrderService({ orders: repositories.orders, unitOfWork, access, payments });
 * const order = await orders.create(principal, { items: [{ product_id, quantity: 2 }] });
 * ```
 */
export function createOrderService(deps: OrderServiceDeps): OrderService {
  const clock = deps.clock ?? systemClock;
  const newId = deps.newId ?? (() => globalThis.crypto.randomUUID());
  const view = (principal: Principal | null, order: OrderRecord) =>
    deps.access.pickReadable(principal, 'order', toPublicOrder(order)) as PublicOrder;

  async function load(principal: Principal | null, id: string, action: string): Promise<OrderRecord> {
    deps.access.authorize(principal, action, 'order');
    const order = await deps.orders.findById(id);
    if (!order) throw new TrussError('not_found', 'Order not found');
    deps.access.authorize(principal, action, 'order', order);
    return order;
  }

  function expectState(order: OrderRecord, action: OrderAction): void {
    const { from } = ORDER_TRANSITIONS[action];
    if (!(from as readonly OrderStatus[]).includes(order.status)) {
      throw new TrussError('conflict', `Cannot ${action} an order that is ${order.status}`, {
        details: { status: order.status, expected: from.join(' or ') },
      });
    }
  }

  return {
    async create(principal, input) {
      deps.access.authorize(principal, 'create', 'order');
      const body = parseInput(orderCreateSchema, input, 'body');
      const userId = (principal as Principal).userId;
      const lines = merge(body.items);
      const order = await deps.unitOfWork.run(async ({ products, orders, outbox }) => {
        const items = [];
        for (const [productId, quantity] of lines) {
          const product = await products.findById(productId);
          if (!product) {
            throw new TrussError('validation_error', 'Unknown product', {
              details: [{ path: 'items', message: `Product ${productId} does not exist` }],
            });
          }
          if (!(await products.decrementStock(productId, quantity))) {
            throw new TrussError('conflict', `Not enough stock of product ${productId}`, {
              details: { product_id: productId, requested: quantity },
            });
          }
          items.push({ id: newId(), productId, quantity, unitPrice: product.price });
        }
        const created = await orders.create({ id: newId(), userId, items, createdAt: clock.now() });
        await outbox.append(orderCreatedEvent(newId(), created));
        return created;
      });
      return view(principal, order);
    },

    async list(principal, query) {
      deps.access.authorize(principal, 'list', 'order');
      const q = parseInput(orderListQuerySchema, query, 'query');
      const scope = deps.access.scope(principal, 'list', 'order');
      const userId = scope === 'own' ? (principal as Principal).userId : q.user_id;
      if (scope === 'own' && q.user_id !== undefined && q.user_id.toLowerCase() !== userId) {
        return { items: [], nextCursor: null };
      }
      const page = await deps.orders.list({
        limit: q.limit,
        cursor: q.cursor ?? null,
        ...(userId ? { userId } : {}),
        ...(q.status ? { status: q.status } : {}),
        sort: q.sort === 'created_at' ? 'asc' : 'desc',
      });
      return { items: page.items.map((o) => view(principal, o)), nextCursor: page.nextCursor };
    },

    async get(principal, id) {
      return view(principal, await load(principal, id, 'read'));
    },

    async pay(principal, id, input) {
      const { payment_token } = parseInput(payOrderSchema, input, 'body');
      const order = await load(principal, id, 'pay');
      expectState(order, 'pay');
      const paid = await chargeOrder(
        {
          unitOfWork: deps.unitOfWork,
          payments: deps.payments,
          currency: deps.currency ?? 'EUR',
          timeoutMs: deps.paymentTimeoutMs ?? 10_000,
        },
        order,
        payment_token,
      );
      return view(principal, paid);
    },

    async ship(principal, id, input) {
      const { tracking_number } = parseInput(shipOrderSchema, input, 'body');
      const order = await load(principal, id, 'ship');
      expectState(order, 'ship');
      const shipped = await deps.unitOfWork.run(async ({ orders, outbox }) => {
        const next = await orders.updateStatus(order.id, 'shipped', order.version, {
          trackingNumber: tracking_number,
        });
        await outbox.append(orderShippedEvent(newId(), order.id, tracking_number));
        return next;
      });
      return view(principal, shipped);
    },

    async deliver(principal, id) {
      const order = await load(principal, id, 'deliver');
      expectState(order, 'deliver');
      return view(principal, await deps.orders.updateStatus(order.id, 'delivered', order.version));
    },

    async cancel(principal, id) {
      const order = await load(principal, id, 'cancel');
      expectState(order, 'cancel');
      const cancelled = await deps.unitOfWork.run(async ({ orders, products }) => {
        const next = await orders.updateStatus(order.id, 'cancelled', order.version);
        for (const item of order.items) await products.incrementStock(item.productId, item.quantity);
        return next;
      });
      // Give back what was charged, after the cancel commits. A paid order: the charge that paid it,
      // made under the key of the version before `paid`. A pending order: a pay attempt that timed
      // out may have charged under the current key; a concurrent retry of that attempt then fails to
      // mark the order paid (and refunds the same charge, which is refunded once).
      const chargedAs = order.status === 'paid' ? { id: order.id, version: order.version - 1 } : order;
      try {
        await deps.payments.refundAttempt(paymentKey(chargedAs));
      } catch (error) {
        throw new TrussError(
          'service_unavailable',
          'The order is cancelled, but the refund of its payment failed; it will need a manual refund',
          { cause: error },
        );
      }
      return view(principal, cancelled);
    },
  };
}
