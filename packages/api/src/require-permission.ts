import type { Middleware } from '@truss/http';
import type { Authorizer } from '@truss/rbac';

/**
 * Any authorizer `createAuthorizer` returns, with or without extensions: the routes take resource
 * and action names from their own tables, so they are checked at run time (at wiring time, by
 * {@link requirePermission}).
 *
 * @example
 * ```ts
 * const authorizer: AnyAuthorizer = createAuthorizer({ extend: { grants: { manager: ['list:user'] } } });
 * ```
 */
// biome-ignore lint/suspicious/noExplicitAny: any catalog, so every extended authorizer fits without a cast
export type AnyAuthorizer = Authorizer<any>;

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
