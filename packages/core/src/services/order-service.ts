import { z } from 'zod';
import type { OrderStatus } from '../domain/order.js';
import { singleLineText } from '../domain/text.js';
import type { Principal } from '../domain/user.js';
import { TrussError } from '../errors.js';
import type { AccessControl } from '../ports/access-control.js';
import type { Clock } from '../ports/clock.js';
import { systemClock } from '../ports/clock.js';
import type { OrderRecord, OrderRepository, OrderSearchQuery } from '../ports/order-repository.js';
import type { Page } from '../ports/page.js';
import type { PaymentAttemptRepository } from '../ports/payment-attempt-repository.js';
import type { PaymentProvider } from '../ports/payment-provider.js';
import type { UnitOfWork } from '../ports/unit-of-work.js';
import { parseInput } from '../validation.js';
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
  /**
   * How long a new order may stay unpaid, in ms (`ORDER_PAYMENT_TIMEOUT`): paying it later is a
   * 409 `conflict`, and {@link expirePendingOrders} cancels and restocks it. Default: no limit.
   */
  paymentWindowMs?: number;
  /**
   * The payment attempts outside a transaction, to claim an attempt with single statements (see
   * `ChargeOrderDeps.attempts`). Default: claimed in a unit of work.
   */
  paymentAttempts?: PaymentAttemptRepository;
  /** Most pending (unpaid) orders one user may hold; one more is a 409 `conflict`. Default: no cap. */
  maxPendingOrders?: number;
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
 * Input of {@link OrderService.create}: the lines of the order. Lines of the same product are merged.
 *
 * @example
 * ```ts
 * orderCreateInputSchema.parse({ items: [{ productId, quantity: 2 }] });
 * ```
 */
export const orderCreateInputSchema = z.strictObject({
  items: z
    .array(
      z.strictObject({
        productId: z.uuid(),
        quantity: z.number().int().min(1).max(ORDER_LIMITS.maxQuantity),
      }),
    )
    .min(1)
    .max(ORDER_LIMITS.maxItems),
});

/**
 * Input of {@link OrderService.create}; see {@link orderCreateInputSchema}.
 *
 * @example
 * ```ts
 * const input: OrderCreateInput = { items: [{ productId, quantity: 1 }] };
 * ```
 */
export type OrderCreateInput = z.input<typeof orderCreateInputSchema>;

/**
 * Input of {@link OrderService.pay}.
 *
 * @example
 * ```ts
 * payOrderInputSchema.parse({ paymentToken: 'tok_visa' });
 * ```
 */
export const payOrderInputSchema = z.strictObject({ paymentToken: z.string().min(1).max(200) });

/**
 * Input of {@link OrderService.pay}; see {@link payOrderInputSchema}.
 *
 * @example
 * ```ts
 * const input: PayOrderInput = { paymentToken: 'tok_visa' };
 * ```
 */
export type PayOrderInput = z.input<typeof payOrderInputSchema>;

/**
 * Input of {@link OrderService.ship}.
 *
 * @example
 * ```ts
 * shipOrderInputSchema.parse({ trackingNumber: 'TRK-123' });
 * ```
 */
export const shipOrderInputSchema = z.strictObject({ trackingNumber: singleLineText(1, 100) });

/**
 * Input of {@link OrderService.ship}; see {@link shipOrderInputSchema}.
 *
 * @example
 * ```ts
 * const input: ShipOrderInput = { trackingNumber: 'TRK-123' };
 * ```
 */
export type ShipOrderInput = z.input<typeof shipOrderInputSchema>;

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
 * const order = await orders.create(principal, { items: [{ productId, quantity: 1 }] });
 * await orders.pay(principal, order.id, { paymentToken: 'tok_visa' });
 * ```
 */
export interface OrderService {
  /** Creates a pending order for the caller. 422 for unknown products, 409 when stock is short. */
  create(principal: Principal | null, input: OrderCreateInput): Promise<OrderRecord>;
  /**
   * The caller's orders (a User: `userId` other than its own answers an empty page), or everyone's
   * (Manager, Admin), filtered and sorted. The query is validated by the repository.
   */
  list(principal: Principal | null, query?: OrderSearchQuery): Promise<Page<OrderRecord>>;
  /** One order; 404 when absent or someone else's (for a User). */
  get(principal: Principal | null, id: string): Promise<OrderRecord>;
  /**
   * Pays a pending order (the owner). A declined payment is 402 and leaves it pending; a provider
   * that does not answer in time is 503 and leaves it pending — a retry reuses the idempotency key,
   * so the order is charged at most once.
   */
  pay(principal: Principal | null, id: string, input: PayOrderInput): Promise<OrderRecord>;
  /** Ships a paid order with a tracking number (Manager, Admin), with the `order.shipped` event. */
  ship(principal: Principal | null, id: string, input: ShipOrderInput): Promise<OrderRecord>;
  /** Marks a shipped order delivered (Manager, Admin). */
  deliver(principal: Principal | null, id: string): Promise<OrderRecord>;
  /**
   * Cancels a pending or paid order (the owner) and puts its items back in stock. The charge of a
   * paid order is refunded, and so is a charge a timed-out pay attempt may have made.
   */
  cancel(principal: Principal | null, id: string): Promise<OrderRecord>;
}

/** Quantities per product, in product id order (so concurrent orders lock rows in one order). */
function merge(items: z.output<typeof orderCreateInputSchema>['items']): [string, number][] {
  const byProduct = new Map<string, number>();
  for (const item of items) {
    const id = item.productId.toLowerCase();
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
 * const order = await orders.create(principal, { items: [{ productId, quantity: 2 }] });
 * ```
 */
export function createOrderService(deps: OrderServiceDeps): OrderService {
  const clock = deps.clock ?? systemClock;
  const newId = deps.newId ?? (() => globalThis.crypto.randomUUID());
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
      const body = parseInput(orderCreateInputSchema, input, 'order');
      const userId = (principal as Principal).userId;
      const lines = merge(body.items);
      const order = await deps.unitOfWork.run(async ({ products, orders, outbox }) => {
        if (deps.maxPendingOrders !== undefined) {
          const pending = await orders.countPendingOfUser(userId);
          if (pending >= deps.maxPendingOrders) {
            throw new TrussError('conflict', 'Too many unpaid orders: pay or cancel one first', {
              details: { pending_orders: pending, max_pending_orders: deps.maxPendingOrders },
            });
          }
        }
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
      return order;
    },

    async list(principal, query = {}) {
      const scope = deps.access.scope(principal, 'list', 'order');
      if (scope === 'any') return deps.orders.list(query);
      const own = (principal as Principal).userId;
      // A User asking for someone else's orders gets none (not a 403: it may not know they exist).
      if (query.userId !== undefined && query.userId.toLowerCase() !== own.toLowerCase()) {
        return { items: [], nextCursor: null };
      }
      return deps.orders.list({ ...query, userId: own });
    },

    get(principal, id) {
      return load(principal, id, 'read');
    },

    async pay(principal, id, input) {
      const { paymentToken } = parseInput(payOrderInputSchema, input, 'payment');
      const order = await load(principal, id, 'pay');
      expectState(order, 'pay');
      const now = clock.now();
      if (
        deps.paymentWindowMs !== undefined &&
        order.createdAt.getTime() + deps.paymentWindowMs <= now.getTime()
      ) {
        throw new TrussError('conflict', 'The order expired unpaid; its items go back in stock');
      }
      const paid = await chargeOrder(
        {
          unitOfWork: deps.unitOfWork,
          payments: deps.payments,
          currency: deps.currency ?? 'EUR',
          timeoutMs: deps.paymentTimeoutMs ?? 10_000,
          now,
          ...(deps.paymentAttempts ? { attempts: deps.paymentAttempts } : {}),
        },
        order,
        paymentToken,
      );
      return paid;
    },

    async ship(principal, id, input) {
      const { trackingNumber } = parseInput(shipOrderInputSchema, input, 'shipment');
      const order = await load(principal, id, 'ship');
      expectState(order, 'ship');
      const shipped = await deps.unitOfWork.run(async ({ orders, outbox }) => {
        const next = await orders.updateStatus(order.id, 'shipped', order.version, {
          trackingNumber,
        });
        await outbox.append(orderShippedEvent(newId(), order.id, trackingNumber));
        return next;
      });
      return shipped;
    },

    async deliver(principal, id) {
      const order = await load(principal, id, 'deliver');
      expectState(order, 'deliver');
      return deps.orders.updateStatus(order.id, 'delivered', order.version);
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
      return cancelled;
    },
  };
}
