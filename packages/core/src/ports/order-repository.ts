import type { Order, OrderItem, OrderStatus } from '../domain/order.js';
import type { Page, PageRequest } from './page.js';
import type { SortDirection } from './user-admin-repository.js';

/**
 * A stored order with its items, its `version` (optimistic concurrency), last change time and the
 * tracking number it was shipped with (`null` before shipping).
 */
export type OrderRecord = Order & {
  version: number;
  updatedAt: Date;
  items: OrderItem[];
  trackingNumber: string | null;
};

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

/** Filters of {@link OrderRepository.list}: every user's orders unless `userId` is given. */
export interface OrderSearchQuery extends OrderListQuery {
  /** Only this user's orders. */
  userId?: string;
  /** Default `desc` (newest first); ties by id in the same direction. */
  sort?: SortDirection;
}

/** Options of {@link OrderRepository.scan}. */
export interface OrderScanOptions {
  /** Orders per batch, 1–1000. Default 500. */
  batchSize?: number;
  /** Only orders in this state. */
  status?: OrderStatus;
}

/** What {@link OrderRepository.updateStatus} may set along with the status. */
export interface OrderStatusChanges {
  /** The carrier's tracking number, set when shipping. */
  trackingNumber?: string;
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
  updateStatus(
    id: string,
    status: OrderStatus,
    expectedVersion: number,
    changes?: OrderStatusChanges,
  ): Promise<OrderRecord>;
  /** A page of orders of every user (or of `userId`) with their items, filtered and sorted. */
  list(query?: OrderSearchQuery): Promise<Page<OrderRecord>>;
  /**
   * Every order with its items, newest first, in batches read one at a time with a keyset cursor:
   * memory holds one batch, whatever the table's size.
   */
  scan(options?: OrderScanOptions): AsyncIterable<OrderRecord[]>;
  /**
   * Up to `limit` (1–1000) pending orders created before `before`, oldest first, with their items,
   * locked for the current transaction and skipping rows another transaction holds (`FOR UPDATE
   * SKIP LOCKED`): call it in a unit of work; instances sweeping at once take different orders.
   */
  lockExpiredPending(before: Date, limit: number): Promise<OrderRecord[]>;
  /**
   * How many pending orders `userId` has. In a unit of work, the user's order creations take turns
   * (its row is locked), so a cap checked with it holds under concurrency.
   */
  countPendingOfUser(userId: string): Promise<number>;
}
