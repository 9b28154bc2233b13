import { toPublicUser, type UserAdminService, type UserService } from '@truss/core';
import { defineRoute, json, noContent, type Route } from '@truss/http';
import { type AnyAuthorizer, requirePermission } from '../access.js';
import { anyJson, etag, idParams, ifMatchVersion } from './route-helpers.js';

/** `GET /api/v1/users/me`: the authenticated user. */
export function userRoutes(users: UserService): Route[] {
  return [
    defineRoute({
      method: 'GET',
      path: '/api/v1/users/me',
      summary: 'The authenticated user',
      auth: 'required',
      handler: async ({ principal }) => json(toPublicUser(await users.getById(principal.userId))),
    }),
  ];
}

/**
 * The rest of `/api/v1/users/*` (spec §4.1): list (Admin), get (signed in), update (owner or Admin;
 * only an Admin sends `role`), delete (Admin). Updates honour `If-Match` (the `ETag` of a get).
 */
export function userAdminRoutes(
  admin: UserAdminService,
  authz: AnyAuthorizer,
  revokeAccess: (userId: string) => void = () => {},
): Route[] {
  const can = (permission: string) => [requirePermission(authz, permission)];
  return [
    defineRoute({
      method: 'GET',
      path: '/api/v1/users',
      summary: 'List users (Admin): ?limit, cursor, role, email (prefix), sort=created_at|-created_at',
      auth: 'required',
      middleware: can('list:user'),
      handler: async ({ principal, ctx }) => json(await admin.list(principal, ctx.request.query)),
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/users/:id',
      summary: 'Get a user (signed in; another user’s email only for Managers and Admins)',
      auth: 'required',
      params: idParams,
      middleware: can('read:user'),
      handler: async ({ principal, params }) => {
        const { user, version } = await admin.get(principal, params.id);
        return json(user, 200, etag(version));
      },
    }),
    defineRoute({
      method: 'PUT',
      path: '/api/v1/users/:id',
      summary: 'Update a user (owner or Admin; role only by an Admin); If-Match for optimistic concurrency',
      auth: 'required',
      params: idParams,
      body: anyJson,
      middleware: can('update:user'),
      handler: async ({ principal, params, body, ctx }) => {
        const { user, version } = await admin.update(principal, params.id, body, ifMatchVersion(ctx));
        // The role travels in access tokens: end the current ones so the next refresh carries the new role.
        if (typeof body === 'object' && body !== null && 'role' in body) revokeAccess(params.id);
        return json(user, 200, etag(version));
      },
    }),
    defineRoute({
      method: 'DELETE',
      path: '/api/v1/users/:id',
      summary: 'Delete a user (Admin); 409 while the user has orders',
      auth: 'required',
      params: idParams,
      middleware: can('delete:user'),
      handler: async ({ principal, params }) => {
        await admin.delete(principal, params.id);
        revokeAccess(params.id);
        return noContent();
      },
    }),
  ];
}
