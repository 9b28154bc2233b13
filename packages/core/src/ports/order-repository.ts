import type { Order, OrderItem, OrderStatus } from '../domain/order.js';
import type { Page, PageRequest } from './page.js';

/** A stored order with its items, its `version` (optimistic concurrency) and last change time. */
export type OrderRecord = Order & { version: number; updatedAt: Date; items: OrderItem[] };

/** One line of a {@link NewOrder}; `unitPrice` is the price at ordering time. */
export type NewOrderItem = Omit<OrderItem, 'orderId'>;

/** What {@link OrderRepository.create} needs. The total is computed from the items, exactly. */
export interface NewOrder {
  id: string;
  userId: string;
  /** Default `pending`. */
  status?: OrderStatus;
  /** At least one line. */
  items: NewOrderItem[];
  /** Default: now. */
  createdAt?: Date;
}

/** Filters of {@link OrderRepository.listByUser}, newest first. */
export interface OrderListQuery extends PageRequest {
  status?: OrderStatus;
}

/**
 * Storage of orders and their items. Totals are exact decimal strings computed from the items.
 * Pair it with the product repository inside a unit of work to take stock in the same transaction.
 */
export interface OrderRepository {
  /**
   * Stores the order and its items together and returns them (version 1). `not_found` when the
   * user or a product does not exist, `conflict` when an id is taken.
   */
  create(order: NewOrder): Promise<OrderRecord>;
  /** The order with its items, or `null` (also for an id that is not a UUID). */
  findById(id: string): Promise<OrderRecord | null>;
  /** A page of a user's orders with their items, newest first (ties by id). */
  listByUser(userId: string, query?: OrderListQuery): Promise<Page<OrderRecord>>;
  /**
   * Sets the status when the stored version is `expectedVersion`; returns the new record.
   * `not_found` when there is no such order, `conflict` when the version is stale.
   */
  updateStatus(id: string, status: OrderStatus, expectedVersion: number): Promise<OrderRecord>;
}
