import type { Middleware } from '@truss/http';
import type { Authorizer, Catalog } from '@truss/rbac';

/**
 * Any authorizer `createAuthorizer` returns (with or without extensions), its names checked at run
 * time.
 *
 * @example
 * ```ts
 * const authorizer: AnyAuthorizer = createAuthorizer({ extend: { grants: { manager: ['list:user'] } } });
 * ```
 */
export type AnyAuthorizer = Authorizer<Catalog>;

/**
 * RBAC glue for the HTTP kernel (which imports no rbac, as rbac imports no http): a route
 * middleware that checks the route's `action:resource` permission without an object, before
 * anything is loaded, and answers 401 / 403 from the policy table. The service checks again with
 * the object (ownership, 404 for what the caller may not know exists). A misspelt permission throws
 * when the route is built, not when it is called.
 *
 * @example
 * ```ts
 * defineRoute({ method: 'GET', path: '/api/v1/users', auth: 'required', middleware: [requirePermission(authz, 'list:user')], handler });
 * ```
 */
export function requirePermission(authorizer: AnyAuthorizer, permission: string): Middleware {
  const [action = '', resource = ''] = permission.split(':');
  authorizer.can(null, action, resource); // throws a TypeError now, at wiring time, for a misspelt permission
  return async (ctx, next) => {
    authorizer.guard(ctx.principal, action, resource);
    return next();
  };
}
