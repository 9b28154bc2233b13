import type { Money } from '../domain/money.js';
import type { Product } from '../domain/product.js';
import type { Page, PageRequest } from './page.js';
import type { SortDirection } from './user-admin-repository.js';

/** A stored product with its `version`, which every change increments (optimistic concurrency). */
export type ProductRecord = Product & { version: number };

/** What {@link ProductRepository.create} needs; timestamps default to now. */
export type NewProduct = Omit<Product, 'createdAt' | 'updatedAt'> & { createdAt?: Date; updatedAt?: Date };

/** The fields {@link ProductRepository.update} may change. */
export type ProductChanges = Partial<Pick<Product, 'name' | 'description' | 'price' | 'stock'>>;

/** Filters of {@link ProductRepository.list}, newest first. */
export interface ProductListQuery extends PageRequest {
  /** Only products priced at least this much. */
  minPrice?: Money;
  /** Only products priced at most this much. */
  maxPrice?: Money;
  /** `true`: only products with stock; `false`: only sold-out ones. */
  inStock?: boolean;
  /**
   * Only products whose name contains this text, ignoring case (1–100 characters; `%` and `_` are
   * plain characters). SQLite folds the case of ASCII letters only.
   */
  nameContains?: string;
  /** Default `desc` (newest first); ties by id in the same direction. */
  sort?: SortDirection;
}

/**
 * Storage of the catalogue. Prices are exact decimal strings end to end. Updates are optimistic: a
 * caller passes the `version` it read, and a stale one is a `conflict` `TrussError`, never a silent
 * overwrite.
 */
export interface ProductRepository {
  /** Stores a new product (version 1). `conflict` when the id is taken. */
  create(product: NewProduct): Promise<ProductRecord>;
  /** The product with this id, or `null` (also for an id that is not a UUID). */
  findById(id: string): Promise<ProductRecord | null>;
  /** A page of products, newest first (ties by id), filtered. */
  list(query?: ProductListQuery): Promise<Page<ProductRecord>>;
  /**
   * Applies `changes` when the stored version is `expectedVersion`, and returns the new record.
   * `not_found` when there is no such product, `conflict` when the version is stale.
   */
  update(id: string, changes: ProductChanges, expectedVersion: number): Promise<ProductRecord>;
  /**
   * Takes `quantity` from the stock in one atomic step: `true` when there was enough, `false` (and
   * nothing changed) when not. Concurrent calls never oversell nor drive stock below zero.
   * `not_found` when there is no such product.
   */
  decrementStock(id: string, quantity: number): Promise<boolean>;
  /** Puts `quantity` back into the stock in one atomic step (a cancelled order). `not_found` when there is no such product. */
  incrementStock(id: string, quantity: number): Promise<void>;
  /** Deletes the product at `expectedVersion`; `conflict` when stale or still ordered somewhere. */
  delete(id: string, expectedVersion: number): Promise<void>;
}
