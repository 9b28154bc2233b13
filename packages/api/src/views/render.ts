import type { MfaChallenge, TokenPair } from '@truss/auth';
import type { OrderRecord, Page, ProductRecord, User } from '@truss/core';
import type { z } from 'zod';
import type { mfaChallengeView, OrderView, ProductView, tokenPairView, UserView } from '../contract/views.js';

/**
 * The API view of a user: only the public fields, snake_case, dates as ISO 8601 strings. Pass it
 * through the authorizer's `pickReadable` before answering, so each caller sees what it may.
 *
 * @example
 * ```ts
 * toUserView(user); // { id, email, first_name, last_name, role, created_at, updated_at }
 * ```
 */
export function toUserView(user: User): UserView {
  return {
    id: user.id,
    email: user.email,
    first_name: user.firstName,
    last_name: user.lastName,
    role: user.role,
    created_at: user.createdAt.toISOString(),
    updated_at: user.updatedAt.toISOString(),
  };
}

/**
 * The API view of a product.
 *
 * @example
 * ```ts
 * toProductView(product); // { id, name, description, price: '9.99', stock, version, created_at, updated_at }
 * ```
 */
export function toProductView(product: ProductRecord): ProductView {
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
 * toOrderView(order); // { id, user_id, status: 'pending', total: '19.98', items: [{ product_id, … }], … }
 * ```
 */
export function toOrderView(order: OrderRecord): OrderView {
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

/**
 * The API view of a token pair (RFC 6749 §5.1 names).
 *
 * @example
 * ```ts
 * toTokenPairView(await auth.refresh(token)); // { access_token, refresh_token, expires_in, token_type: 'Bearer' }
 * ```
 */
export function toTokenPairView(tokens: TokenPair): z.infer<typeof tokenPairView> {
  return {
    access_token: tokens.accessToken,
    refresh_token: tokens.refreshToken,
    expires_in: tokens.expiresIn,
    token_type: tokens.tokenType,
  };
}

/**
 * The API view of an MFA challenge.
 *
 * @example
 * ```ts
 * toMfaChallengeView(challenge); // { mfa_required: true, mfa_token, expires_in }
 * ```
 */
export function toMfaChallengeView(challenge: MfaChallenge): z.infer<typeof mfaChallengeView> {
  return { mfa_required: true, mfa_token: challenge.mfaToken, expires_in: challenge.expiresIn };
}

/**
 * A page of a list as the API shows it: each item rendered, and the cursor of the next page.
 *
 * @example
 * ```ts
 * return json(toPageView(await products.list(principal, query), (p) => toProductView(p)));
 * ```
 */
export function toPageView<T, V>(
  page: Page<T>,
  render: (item: T) => V,
): { items: V[]; nextCursor: string | null } {
  return { items: page.items.map(render), nextCursor: page.nextCursor };
}
