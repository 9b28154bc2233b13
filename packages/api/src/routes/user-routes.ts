import type { Principal, User, UserAdminService, UserService } from '@truss/core';
import { defineRoute, json, noContent, type Route } from '@truss/http';
import { userContract as contract } from '../contract/users.js';
import type { UserView } from '../contract/views.js';
import { type AnyAuthorizer, requirePermission } from '../require-permission.js';
import { toPageView, toUserView } from '../views/render.js';
import { etag, ifMatchVersion } from './http-helpers.js';

/**
 * What {@link userRoutes} needs.
 *
 * @example
 * ```ts
 * const deps: UserRoutesDeps = { users: userService, admin: userAdminService, authorizer };
 * ```
 */
export interface UserRoutesDeps {
  /** Answers `GET /users/me`. */
  users: Pick<UserService, 'getById'>;
  /** List, get, update, delete. */
  admin: UserAdminService;
  /** The permission table the route middleware checks, and the field rules of every view. */
  authorizer: AnyAuthorizer;
  /**
   * Checked before an update that changes an email: throws (403 `reauthentication_required`) unless
   * the caller's session proved its password or code recently. `createTrussApi` passes
   * `AuthService.requireRecentAuthentication` when the auth routes are mounted. Default: no check.
   */
  requireRecentAuthentication?: (principal: Principal) => Promise<void>;
}

/**
 * The user routes (spec §4.1): `GET /users/me`; list (Admin); get (signed in; another user's email
 * only for Managers and Admins), with its version as `ETag`; update (owner or Admin, `role` by an
 * Admin only; `If-Match` → 409 when stale); delete (Admin).
 *
 * @example
 * ```ts
 * const routes = userRoutes({ users: userService, admin: userAdminService, authorizer: createAuthorizer() });
 * ```
 */
export function userRoutes(deps: UserRoutesDeps): Route[] {
  const { admin, authorizer } = deps;
  const can = (permission: string) => [requirePermission(authorizer, permission)];
  const view = (principal: Principal, user: User) =>
    authorizer.pickReadable(principal, 'user', toUserView(user)) as UserView;
  return [
    defineRoute({
      ...contract.me,
      handler: async ({ principal }) => json(view(principal, await deps.users.getById(principal.userId))),
    }),
    defineRoute({
      ...contract.list,
      middleware: can('list:user'),
      handler: async ({ principal, query }) =>
        json(toPageView(await admin.list(principal, query), (item) => view(principal, item))),
    }),
    defineRoute({
      ...contract.get,
      middleware: can('read:user'),
      handler: async ({ principal, params }) => {
        const user = await admin.get(principal, params.id);
        return json(view(principal, user), 200, etag(user.version));
      },
    }),
    defineRoute({
      ...contract.update,
      middleware: can('update:user'),
      handler: async ({ principal, params, body, ctx }) => {
        if (body.email !== undefined) await deps.requireRecentAuthentication?.(principal);
        const user = await admin.update(principal, params.id, body, ifMatchVersion(ctx));
        return json(view(principal, user), 200, etag(user.version));
      },
    }),
    defineRoute({
      ...contract.delete,
      middleware: can('delete:user'),
      handler: async ({ principal, params }) => {
        await admin.delete(principal, params.id);
        return noContent();
      },
    }),
  ];
}
