import type { OrderRecord } from '../ports/order-repository.js';
import type { ProductRecord } from '../ports/product-repository.js';

/**
 * A product as the API shows it: snake_case, dates as ISO 8601, money as decimal strings.
 *
 * @example
 * ```ts
 * const body: PublicProduct = toPublicProduct(product);
 * ```
 */
export interface PublicProduct {
  id: string;
  name: string;
  description: string | null;
  price: string;
  stock: number;
  /** Send it back (or as `If-Match`) to update without overwriting someone else's change. */
  version: number;
  created_at: string;
  updated_at: string;
}

/**
 * One order line as the API shows it.
 *
 * @example
 * ```ts
 * const line: PublicOrderItem = { id, product_id: productId, quantity: 2, unit_price: '9.99' };
 * ```
 */
export interface PublicOrderItem {
  id: string;
  product_id: string;
  quantity: number;
  unit_price: string;
}

/**
 * An order as the API shows it.
 *
 * @example
 * ```ts
 * const body: PublicOrder = toPublicOrder(order); // body.items[0].unit_price
 * ```
 */
export interface PublicOrder {
  id: string;
  user_id: string;
  status: OrderRecord['status'];
  total: string;
  tracking_number: string | null;
  version: number;
  items: PublicOrderItem[];
  created_at: string;
  updated_at: string;
}

/**
 * The API view of a product.
 *
 * @example
 * ```ts
 * toPublicProduct(product); // { id, name, description, price: '9.99', stock, version, created_at, updated_at }
 * ```
 */
export function toPublicProduct(product: ProductRecord): PublicProduct {
  return {
    id: product.id,
    name: product.name,
    description: product.description,
    price: product.price,
    stock: product.stock,
    version: product.version,
    created_at: product.createdAt.toISOString(),
    updated_at: product.updatedAt.toISOString(),
  };
}

/**
 * The API view of an order and its lines.
 *
 * @example
 * ```ts
 * toPublicOrder(order); // { id, user_id, status: 'pending', total: '19.98', items: [{ product_id, … }], … }
 * ```
 */
export function toPublicOrder(order: OrderRecord): PublicOrder {
  return {
    id: order.id,
    user_id: order.userId,
    status: order.status,
    total: order.total,
    tracking_number: order.trackingNumber,
    version: order.version,
    items: order.items.map((item) => ({
      id: item.id,
      product_id: item.productId,
      quantity: item.quantity,
      unit_price: item.unitPrice,
    })),
    created_at: order.createdAt.toISOString(),
    updated_at: order.updatedAt.toISOString(),
  };
}
