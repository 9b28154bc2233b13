import { z } from 'zod';
import { moneySchema } from '../domain/money.js';
import { multiLineText, singleLineText } from '../domain/text.js';
import type { Principal } from '../domain/user.js';
import { TrussError } from '../errors.js';
import type { AccessControl } from '../ports/access-control.js';
import type { Page } from '../ports/page.js';
import type {
  ProductChanges,
  ProductListQuery,
  ProductRecord,
  ProductRepository,
} from '../ports/product-repository.js';
import { parseInput } from '../validation.js';

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
const nameSchema = singleLineText(1, 200);
const descriptionSchema = multiLineText(10_000).nullable();

/**
 * Input of {@link ProductService.create}.
 *
 * @example
 * ```ts
 * productCreateInputSchema.parse({ name: 'Pen', price: '1.50' }); // stock 0, description null
 * ```
 */
export const productCreateInputSchema = z.strictObject({
  name: nameSchema,
  description: descriptionSchema.default(null),
  price: moneySchema,
  stock: stockSchema.default(0),
});

/**
 * Input of {@link ProductCreateInput}; see {@link productCreateInputSchema}.
 *
 * @example
 * ```ts
 * const input: ProductCreateInput = { name: 'Pen', price: '1.50', stock: 10 };
 * ```
 */
export type ProductCreateInput = z.input<typeof productCreateInputSchema>;

/**
 * Input of {@link ProductService.update}: the fields to change (at least one), and optionally the
 * `version` the change was made against (a stale one is a 409).
 *
 * @example
 * ```ts
 * productUpdateInputSchema.parse({ price: '1.75', version: 3 });
 * ```
 */
export const productUpdateInputSchema = z
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
 * Input of {@link ProductService.update}; see {@link productUpdateInputSchema}.
 *
 * @example
 * ```ts
 * const input: ProductUpdateInput = { price: '1.75' };
 * ```
 */
export type ProductUpdateInput = z.input<typeof productUpdateInputSchema>;

/**
 * Input of {@link ProductService.adjustStock}: a positive delta restocks, a negative one takes out.
 *
 * @example
 * ```ts
 * stockAdjustmentInputSchema.parse({ delta: -2 });
 * ```
 */
export const stockAdjustmentInputSchema = z.strictObject({
  delta: z
    .number()
    .int()
    .min(-1_000_000)
    .max(1_000_000)
    .refine((d) => d !== 0, 'delta must not be 0'),
});

/**
 * Input of {@link ProductService.adjustStock}; see {@link stockAdjustmentInputSchema}.
 *
 * @example
 * ```ts
 * const input: StockAdjustmentInput = { delta: 5 };
 * ```
 */
export type StockAdjustmentInput = z.input<typeof stockAdjustmentInputSchema>;

/**
 * The catalogue (spec §3.1): everyone (anonymous callers too) lists and reads; a Manager or Admin
 * creates, updates, deletes and adjusts stock.
 *
 * @example
 * ```ts
 * const page = await products.list(null, { inStock: true }); // anonymous callers may list
 * ```
 */
export interface ProductService {
  /**
   * A page of products, filtered by price range and stock, sorted by creation time. The query is
   * validated by the repository.
   */
  list(principal: Principal | null, query?: ProductListQuery): Promise<Page<ProductRecord>>;
  /** One product; 404 when absent. */
  get(principal: Principal | null, id: string): Promise<ProductRecord>;
  /** Creates a product (Manager, Admin). */
  create(principal: Principal | null, input: ProductCreateInput): Promise<ProductRecord>;
  /**
   * Changes a product at `expectedVersion` (an `If-Match`), else at `input.version`, else at its
   * current version; stale → 409.
   */
  update(
    principal: Principal | null,
    id: string,
    input: ProductUpdateInput,
    expectedVersion?: number,
  ): Promise<ProductRecord>;
  /** Deletes a product; 409 while it is part of an order. */
  delete(principal: Principal | null, id: string, expectedVersion?: number): Promise<void>;
  /** Adds to or takes from the stock atomically; taking more than there is → 409. */
  adjustStock(principal: Principal | null, id: string, input: StockAdjustmentInput): Promise<ProductRecord>;
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

  return {
    async list(principal, query = {}) {
      deps.access.authorize(principal, 'list', 'product');
      return deps.products.list(query);
    },

    get(principal, id) {
      return load(principal, id, 'read');
    },

    async create(principal, input) {
      deps.access.authorize(principal, 'create', 'product');
      const body = parseInput(productCreateInputSchema, input, 'product');
      deps.access.assertWritable(principal, 'product', undefined, body);
      return deps.products.create({ id: newId(), ...body });
    },

    async update(principal, id, input, expectedVersion) {
      const { version, ...body } = parseInput(productUpdateInputSchema, input, 'product changes');
      const product = await load(principal, id, 'update');
      deps.access.assertWritable(principal, 'product', product, body);
      const changes: ProductChanges = Object.fromEntries(
        Object.entries(body).filter(([, v]) => v !== undefined),
      );
      return deps.products.update(product.id, changes, expectedVersion ?? version ?? product.version);
    },

    async delete(principal, id, expectedVersion) {
      const product = await load(principal, id, 'delete');
      await deps.products.delete(product.id, expectedVersion ?? product.version);
    },

    async adjustStock(principal, id, input) {
      const { delta } = parseInput(stockAdjustmentInputSchema, input, 'stock adjustment');
      const product = await load(principal, id, 'update');
      if (delta > 0) {
        if (product.stock + delta > MAX_STOCK)
          throw new TrussError('validation_error', 'Stock would exceed the maximum');
        await deps.products.incrementStock(product.id, delta);
      } else if (!(await deps.products.decrementStock(product.id, -delta))) {
        throw new TrussError('conflict', `Not enough stock: ${product.stock} left`);
      }
      return (await deps.products.findById(product.id)) ?? product;
    },
  };
}
