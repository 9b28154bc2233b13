import type { AccessControl } from '@truss/core';
import type { Middleware } from '@truss/http';
import type { Authorizer, Catalog } from '@truss/rbac';

/** Any authorizer `createAuthorizer` returns, its names checked at run time. */
export type AnyAuthorizer = Authorizer<Catalog>;

/**
 * The `AccessControl` port of `@truss/core` on a `@truss/rbac` authorizer: services authorize and
 * filter fields through it without importing rbac.
 *
 * @example
 * ```ts
 * const access = toAccessControl(createAuthorizer() as unknown as AnyAuthorizer);
 * const orders = createOrderService({ orders, unitOfWork, access, payments });
 * ```
 */
export function toAccessControl(authz: AnyAuthorizer): AccessControl {
  return {
    authorize: (subject, action, resource, object) => authz.guard(subject, action, resource, object),
    scope(subject, action, resource) {
      const decision = authz.can(subject, action, resource);
      if (!decision.allowed) authz.guard(subject, action, resource);
      return decision.allowed ? decision.scope : 'own';
    },
    pickReadable: (subject, resource, object) => authz.pickReadable(subject, resource, object),
    assertWritable: (subject, resource, object, patch) =>
      authz.assertWritable(subject, resource, object as object | undefined, patch),
  };
}

/**
 * RBAC glue for the HTTP kernel (which does not import rbac): a route middleware that checks the
 * route's `action:resource` permission without an object, before anything is loaded, and answers
 * 401 / 403 from the policy table. The service checks again with the object (ownership, 404).
 *
 * @example
 * ```ts
 * defineRoute({ method: 'GET', path: '/api/v1/users', auth: 'required', middleware: [requirePermission(authz, 'list:user')], handler });
 * ```
 */
export function requirePermission(authz: AnyAuthorizer, permission: string): Middleware {
  const [action = '', resource = ''] = permission.split(':');
  authz.can(null, action, resource); // throws a TypeError now, at wiring time, for a misspelt permission
  return async (ctx, next) => {
    authz.guard(ctx.principal, action, resource);
    return next();
  };
}
