import { type AccessControl, TrussError } from '@truss/core';
import type { Authorizer } from './authorizer.js';
import type { Catalog } from './catalog.js';

/**
 * The `AccessControl` port of `@truss/core` on an {@link Authorizer}, so that services authorize and
 * filter fields without importing `@truss/rbac`. Names are checked at run time (the port takes plain
 * strings): an unknown resource or action throws a `TypeError`, a bug rather than a denial.
 *
 * - `authorize` is {@link Authorizer.guard}: it returns, or throws a `TrussError` `unauthorized`
 *   (anonymous caller, 401), `not_found` (an object the caller may not know exists, 404) or
 *   `forbidden` (403).
 * - `scope` answers `'any'` when the caller may act on every object and `'own'` when only on those
 *   it owns (a list endpoint turns that into a filter); when neither, it throws as `authorize` does.
 * - `pickReadable` and `assertWritable` are the authorizer's.
 *
 * The result is frozen and holds no state of its own: the authorizer's policy table is the answer.
 *
 * @example
 * ```ts
 * import { createOrderService } from '@truss/core';
 * import { createAuthorizer, toAccessControl } from '@truss/rbac';
 *
 * const access = toAccessControl(createAuthorizer());
 * const orders = createOrderService({ orders: repositories.orders, unitOfWork, access, payments });
 * access.scope({ userId: 'u1', role: 'user' }, 'list', 'order'); // 'own'
 * ```
 */
export function toAccessControl<C extends Catalog>(authorizer: Authorizer<C>): AccessControl {
  // The port takes plain strings; the authorizer checks them at run time.
  const authz = authorizer as unknown as Authorizer<Catalog>;
  return Object.freeze({
    authorize(subject, action, resource, object) {
      authz.guard(subject, action, resource, object);
    },
    scope(subject, action, resource) {
      const decision = authz.can(subject, action, resource);
      if (decision.allowed) return decision.scope;
      authz.guard(subject, action, resource); // throws the 401 / 403 this denial stands for
      throw new TrussError('forbidden', decision.reason, { details: { permission: decision.permission } });
    },
    pickReadable: (subject, resource, object) => authz.pickReadable(subject, resource, object),
    assertWritable(subject, resource, object, patch) {
      authz.assertWritable(subject, resource, object, patch);
    },
  } satisfies AccessControl);
}
