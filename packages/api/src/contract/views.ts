import { ORDER_STATUSES, ROLES } from '@truss/core';
import { z } from 'zod';

const timestamp = z.iso.datetime();
const money = z.string();

/**
 * A user as the API shows it: snake_case, never a hash or a secret. `email` is absent where the
 * caller may not read it (another user's, for a User).
 *
 * @example
 * ```ts
 * const me: UserView = userView.parse(await response.json());
 * ```
 */
export const userView = z.object({
  id: z.string(),
  email: z.string().optional(),
  first_name: z.string().nullable(),
  last_name: z.string().nullable(),
  role: z.enum(ROLES),
  created_at: timestamp,
  updated_at: timestamp,
});

/**
 * A user as the API shows it; see {@link userView}.
 *
 * @example
 * ```ts
 * const name = (user: UserView) => [user.first_name, user.last_name].filter(Boolean).join(' ');
 * ```
 */
export type UserView = z.infer<typeof userView>;

/**
 * A product as the API shows it; money as an exact decimal string, `version` for `If-Match`.
 *
 * @example
 * ```ts
 * const product: ProductView = productView.parse(body); // product.price === '9.99'
 * ```
 */
export const productView = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  price: money,
  stock: z.number().int(),
  version: z.number().int(),
  created_at: timestamp,
  updated_at: timestamp,
});

/**
 * A product as the API shows it; see {@link productView}.
 *
 * @example
 * ```ts
 * const inStock = (product: ProductView) => product.stock > 0;
 * ```
 */
export type ProductView = z.infer<typeof productView>;

/**
 * One line of an order as the API shows it.
 *
 * @example
 * ```ts
 * orderItemView.parse({ id, product_id, quantity: 2, unit_price: '9.99' });
 * ```
 */
export const orderItemView = z.object({
  id: z.string(),
  product_id: z.string(),
  quantity: z.number().int(),
  unit_price: money,
});

/**
 * An order as the API shows it, with its lines.
 *
 * @example
 * ```ts
 * const order: OrderView = orderView.parse(body); // order.items[0].unit_price
 * ```
 */
export const orderView = z.object({
  id: z.string(),
  user_id: z.string(),
  status: z.enum(ORDER_STATUSES),
  total: money,
  tracking_number: z.string().nullable(),
  version: z.number().int(),
  items: z.array(orderItemView),
  created_at: timestamp,
  updated_at: timestamp,
});

/**
 * An order as the API shows it; see {@link orderView}.
 *
 * @example
 * ```ts
 * const shipped = (order: OrderView) => order.status === 'shipped';
 * ```
 */
export type OrderView = z.infer<typeof orderView>;

/**
 * The tokens of a login or a refresh (RFC 6749 §5.1, as spec §4.2 shows them).
 *
 * @example
 * ```ts
 * const { access_token, expires_in } = tokenPairView.parse(body);
 * ```
 */
export const tokenPairView = z.object({
  access_token: z.string(),
  /** Absent when the server keeps refresh tokens in the HttpOnly cookie only. */
  refresh_token: z.string().optional(),
  expires_in: z.number().int(),
  token_type: z.literal('Bearer'),
});

/**
 * A login's answer for a user with MFA on: send `mfa_token` and a code to `/auth/mfa/verify`.
 *
 * @example
 * ```ts
 * const challenge = mfaChallengeView.parse(body); // { mfa_required: true, mfa_token, expires_in }
 * ```
 */
export const mfaChallengeView = z.object({
  mfa_required: z.literal(true),
  mfa_token: z.string(),
  expires_in: z.number().int(),
});

/**
 * The answer of a login: tokens, or an MFA challenge.
 *
 * @example
 * ```ts
 * const result = loginView.parse(body);
 * if ('mfa_required' in result) askForCode(result.mfa_token);
 * ```
 */
export const loginView = z.union([tokenPairView, mfaChallengeView]);
