import { z } from 'zod';
import { moneySchema } from '../domain/money.js';
import type { Principal } from '../domain/user.js';
import { TrussError } from '../errors.js';
import type { AccessControl } from '../ports/access-control.js';
import type { Page } from '../ports/page.js';
import type { ProductChanges, ProductRecord, ProductRepository } from '../ports/product-repository.js';
import { parseInput } from '../validation.js';
import { type PublicProduct, toPublicProduct } from './api-views.js';

/**
 * What {@link createProductService} needs.
 *
 * @example
 * ```ts
 * const deps: ProductServiceDeps = { products: repositories.products, access };
 * ```
 */
export interface ProductServiceDeps {
  products: ProductRepository;
  access: AccessControl;
  /** Default: `crypto.randomUUID()`. */
  newId?: () => string;
}

/**
 * Largest stock a product holds, and largest single stock adjustment.
 *
 * @example
 * ```ts
 * productCreateSchema.safeParse({ name: 'Pen', price: '1.00', stock: MAX_STOCK + 1 }).success; // false
 * ```
 */
export const MAX_STOCK = 1_000_000_000;

const stockSchema = z.number().int().min(0).max(MAX_STOCK);
const nameSchema = z.string().trim().min(1).max(200);
const descriptionSchema = z.string().max(10_000).nullable();

/**
 * Query of {@link ProductService.list} as the API takes it.
 *
 * @example
 * ```ts
 * productListQuerySchema.parse({ min_price: '1.00', in_stock: 'true', sort: 'created_at' });
 * ```
 */
export const productListQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().min(1).max(200).optional(),
  min_price: moneySchema.optional(),
  max_price: moneySchema.optional(),
  in_stock: z.enum(['true', 'false']).optional(),
  sort: z.enum(['created_at', '-created_at']).default('-created_at'),
});

/**
 * Body of {@link ProductService.create}.
 *
 * @example
 * ```ts
 * productCreateSchema.parse({ name: 'Pen', price: '1.50' }); // stock 0, description null
 * ```
 */
export const productCreateSchema = z.strictObject({
  name: nameSchema,
  description: descriptionSchema.default(null),
  price: moneySchema,
  stock: stockSchema.default(0),
});

/**
 * Body of {@link ProductService.update}; `version` (or `If-Match`) guards against lost updates.
 *
 * @example
 * ```ts
 * productUpdateSchema.parse({ price: '1.75', version: 3 });
 * ```
 */
export const productUpdateSchema = z
  .strictObject({
    name: nameSchema.optional(),
    description: descriptionSchema.optional(),
    price: moneySchema.optional(),
    stock: stockSchema.optional(),
    version: z.number().int().min(1).optional(),
  })
  .refine(
    ({ version: _version, ...changes }) => Object.values(changes).some((v) => v !== undefined),
    'Nothing to change',
  );

/**
 * Body of {@link ProductService.adjustStock}: a positive delta restocks, a negative one takes out.
 *
 * @example
 * ```ts
 * stockAdjustmentSchema.parse({ delta: -2 });
 * ```
 */
export const stockAdjustmentSchema = z.strictObject({
  delta: z
    .number()
    .int()
    .min(-1_000_000)
    .max(1_000_000)
    .refine((d) => d !== 0, 'delta must not be 0'),
});

/**
 * The catalogue (spec §3.1): everyone (anonymous callers too) lists and reads; a Manager or Admin
 * creates, updates, deletes and adjusts stock.
 *
 * @example
 * ```ts
 * const page = await products.list(null, { in_stock: 'true' }); // anonymous callers may list
 * ```
 */
export interface ProductService {
  /** A page of products, filtered by price range and stock, sorted by creation time. */
  list(principal: Principal | null, query: unknown): Promise<Page<PublicProduct>>;
  /** One product; 404 when absent. */
  get(principal: Principal | null, id: string): Promise<PublicProduct>;
  /** Creates a product (Manager, Admin). */
  create(principal: Principal | null, input: unknown): Promise<PublicProduct>;
  /** Changes a product at its current version or the one given; stale → 409. */
  update(
    principal: Principal | null,
    id: string,
    input: unknown,
    expectedVersion?: number,
  ): Promise<PublicProduct>;
  /** Deletes a product; 409 while it is part of an order. */
  delete(principal: Principal | null, id: string, expectedVersion?: number): Promise<void>;
  /** Adds to or takes from the stock atomically; taking more than there is → 409. */
  adjustStock(principal: Principal | null, id: string, input: unknown): Promise<PublicProduct>;
}

/**
 * Builds the {@link ProductService}.
 *
 * @example
 * ```ts
 * const products = createProductService({ products: repositories.products, access });
 * await products.create(manager, { name: 'Pen', price: '1.50', stock: 10 });
 * ```
 */
export function createProductService(deps: ProductServiceDeps): ProductService {
  const newId = deps.newId ?? (() => globalThis.crypto.randomUUID());

  async function load(principal: Principal | null, id: string, action: string): Promise<ProductRecord> {
    deps.access.authorize(principal, action, 'product');
    const product = await deps.products.findById(id);
    if (!product) throw new TrussError('not_found', 'Product not found');
    deps.access.authorize(principal, action, 'product', product);
    return product;
  }
  const view = (principal: Principal | null, product: ProductRecord) =>
    deps.access.pickReadable(principal, 'product', toPublicProduct(product)) as PublicProduct;

  return {
    async list(principal, query) {
      deps.access.authorize(principal, 'list', 'product');
      const q = parseInput(productListQuerySchema, query, 'query');
      const page = await deps.products.list({
        limit: q.limit,
        cursor: q.cursor ?? null,
        ...(q.min_price ? { minPrice: q.min_price } : {}),
        ...(q.max_price ? { maxPrice: q.max_price } : {}),
        ...(q.in_stock ? { inStock: q.in_stock === 'true' } : {}),
        sort: q.sort === 'created_at' ? 'asc' : 'desc',
      });
      return { items: page.items.map((p) => view(principal, p)), nextCursor: page.nextCursor };
    },

    async get(principal, id) {
      return view(principal, await load(principal, id, 'read'));
    },

    async create(principal, input) {
      deps.access.authorize(principal, 'create', 'product');
      const body = parseInput(productCreateSchema, input, 'body');
      deps.access.assertWritable(principal, 'product', undefined, body);
      return view(principal, await deps.products.create({ id: newId(), ...body }));
    },

    async update(principal, id, input, expectedVersion) {
      const { version, ...body } = parseInput(productUpdateSchema, input, 'body');
      const product = await load(principal, id, 'update');
      deps.access.assertWritable(principal, 'product', product, body);
      const changes: ProductChanges = Object.fromEntries(
        Object.entries(body).filter(([, v]) => v !== undefined),
      );
      return view(
        principal,
        await deps.products.update(product.id, changes, expectedVersion ?? version ?? product.version),
      );
    },

    async delete(principal, id, expectedVersion) {
      const product = await load(principal, id, 'delete');
      await deps.products.delete(product.id, expectedVersion ?? product.version);
    },

    async adjustStock(principal, id, input) {
      const { delta } = parseInput(stockAdjustmentSchema, input, 'body');
      const product = await load(principal, id, 'update');
      if (delta > 0) {
        if (product.stock + delta > MAX_STOCK)
          throw new TrussError('validation_error', 'Stock would exceed the maximum');
        await deps.products.incrementStock(product.id, delta);
      } else if (!(await deps.products.decrementStock(product.id, -delta))) {
        throw new TrussError('conflict', `Not enough stock: ${product.stock} left`);
      }
      return view(principal, (await deps.products.findById(product.id)) ?? product);
    },
  };
}
