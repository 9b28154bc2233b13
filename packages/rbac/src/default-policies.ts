import type { Policy } from './types.js';

/** Freezes `value` and everything it holds, so a shared default cannot be changed by one user of it. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/**
 * Where a role sits in the hierarchy: the roles it inherits every permission of (`inherits`), and
 * the roles that inherit every permission of it (`inheritedBy`). A cycle is a config error.
 *
 * @example
 * ```ts
 * const support: RoleDefinition = { inherits: 'user', inheritedBy: ['admin'] }; // user ⊆ support ⊆ admin
 * ```
 */
export interface RoleDefinition {
  /** Role(s) whose permissions this role has too. Default: none. */
  readonly inherits?: string | readonly string[];
  /** Role(s) that get this role's permissions too. Default: none. */
  readonly inheritedBy?: readonly string[];
}

/**
 * The roles of spec §7.2: admin ⊇ manager ⊇ user ⊇ guest. `guest` is also the role of an anonymous
 * caller; a signed-in account with role `guest` has the same rights, plus those on what it owns.
 *
 * @example
 * ```ts
 * createAuthorizer({ extend: { roles: { support: { inherits: 'user' } } } }); // added beside DEFAULT_ROLES
 * ```
 */
export const DEFAULT_ROLES = deepFreeze({
  admin: { inherits: 'manager' },
  manager: { inherits: 'user' },
  user: { inherits: 'guest' },
  guest: {},
} satisfies Record<string, RoleDefinition>);

/**
 * An object a user policy can check: a domain `User`, or the API's `PublicUser`.
 *
 * @example
 * ```ts
 * authz.can(principal, 'update', 'user', { id: params.id } satisfies UserLike);
 * ```
 */
export interface UserLike {
  readonly id: string;
}

/**
 * An object an order policy can check: a domain `Order` (`userId`) or an API order (`user_id`).
 *
 * @example
 * ```ts
 * authz.can(principal, 'cancel', 'order', { userId: order.userId } satisfies OrderLike);
 * ```
 */
export type OrderLike = { readonly userId: string } | { readonly user_id: string };

const NEVER = { read: false, write: false } as const;

/**
 * Users (spec §4.1): list = admin; get = signed-in user and up (and anyone reads itself); update =
 * the owner or an admin; delete = admin; `change-role` = admin; `export` = admin (an export lists
 * every user, and listing users is the Admin's).
 * Fields: the password hash is never readable; email is seen by its owner and managers up; only an
 * admin writes `role`; fields not listed are neither read nor written.
 *
 * @example
 * ```ts
 * authz.authorize(principal, 'update', 'user', target);
 * ```
 */
export const userPolicy = deepFreeze({
  actions: {
    list: { allow: ['admin'] },
    read: { allow: ['user'], own: ['guest'] },
    update: { allow: ['admin'], own: ['guest'] },
    delete: { allow: ['admin'] },
    'change-role': { allow: ['admin'] },
    export: { allow: ['admin'] },
  },
  owner: (user) => user.id,
  fields: {
    '*': NEVER,
    id: { write: false },
    email: { read: { allow: ['manager'], own: ['guest'] } },
    firstName: {},
    lastName: {},
    role: { write: { allow: ['admin'] } },
    password: { read: false },
    passwordHash: NEVER,
    createdAt: { write: false },
    updatedAt: { write: false },
  },
  aliases: {
    first_name: 'firstName',
    last_name: 'lastName',
    password_hash: 'passwordHash',
    created_at: 'createdAt',
    updated_at: 'updatedAt',
  },
} satisfies Policy<'list' | 'read' | 'update' | 'delete' | 'change-role' | 'export', UserLike>);

/**
 * Products: list and read = everyone, anonymous callers included; create, update, delete = manager
 * and up. `id` and the timestamps are never written.
 *
 * @example
 * ```ts
 * authz.authorize(principal, 'create', 'product');
 * ```
 */
export const productPolicy = deepFreeze({
  actions: {
    list: { allow: ['guest'] },
    read: { allow: ['guest'] },
    create: { allow: ['manager'] },
    update: { allow: ['manager'] },
    delete: { allow: ['manager'] },
  },
  fields: {
    id: { write: false },
    createdAt: { write: false },
    updatedAt: { write: false },
  },
  aliases: { created_at: 'createdAt', updated_at: 'updatedAt' },
} satisfies Policy<'list' | 'read' | 'create' | 'update' | 'delete', object>);

function orderOwner(order: OrderLike): string {
  return 'userId' in order ? order.userId : order.user_id;
}

/**
 * Orders: create = user and up; list and read = the owner, or manager and up (a user's list is
 * scoped to its own orders); pay and cancel = the owner; ship and deliver = manager and up;
 * `export` = manager and up. Someone else's order is answered 404 to a user who may not read it.
 * Orders change through actions, so no field is writable.
 *
 * @example
 * ```ts
 * authz.authorize(principal, 'pay', 'order', order); // the owner, or 404 / 403
 * ```
 */
export const orderPolicy = deepFreeze({
  actions: {
    create: { allow: ['user'] },
    list: { allow: ['manager'], own: ['user'] },
    read: { allow: ['manager'], own: ['user'] },
    pay: { own: ['user'] },
    cancel: { own: ['user'] },
    ship: { allow: ['manager'] },
    deliver: { allow: ['manager'] },
    export: { allow: ['manager'] },
  },
  owner: orderOwner,
  aliases: { user_id: 'userId', created_at: 'createdAt' },
} satisfies Policy<'create' | 'list' | 'read' | 'pay' | 'cancel' | 'ship' | 'deliver' | 'export', OrderLike>);

/**
 * Analytics (the daily sales report): `read` = manager and up. Reports have no owner and no
 * per-field rules.
 *
 * @example
 * ```ts
 * authz.guard(principal, 'read', 'analytics'); // a Manager or Admin, or 401 / 403
 * ```
 */
export const analyticsPolicy = deepFreeze({
  actions: {
    read: { allow: ['manager'] },
  },
} satisfies Policy<'read', object>);

/**
 * The policy table of the spec's resources: `user`, `product` and `order` (exports are the `export`
 * action of `user` and `order`), and `analytics` (the sales report). Pass `extend` to
 * {@link createAuthorizer} to add to it.
 *
 * @example
 * ```ts
 * Object.keys(DEFAULT_POLICIES); // ['user', 'product', 'order', 'analytics']
 * ```
 */
export const DEFAULT_POLICIES = Object.freeze({
  user: userPolicy,
  product: productPolicy,
  order: orderPolicy,
  analytics: analyticsPolicy,
});

/**
 * The type of {@link DEFAULT_POLICIES}.
 *
 * @example
 * ```ts
 * type OrderActions = keyof DefaultPolicies['order']['actions']; // 'create' | 'list' | …
 * ```
 */
export type DefaultPolicies = typeof DEFAULT_POLICIES;
