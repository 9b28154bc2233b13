import { roleSchema, type UserListQuery, userUpdateInputSchema } from '@truss/core';
import type { RouteContract } from '@truss/http';
import { z } from 'zod';
import { cursorQuery, idParams, limitQuery, pageOf, sortQuery } from './common.js';
import { userView } from './views.js';
import { into } from './wire.js';

/**
 * Query of `GET /api/v1/users`: `?limit`, `cursor`, `role`, `email` (a prefix), `sort`.
 *
 * @example
 * ```ts
 * userListQuery.parse({ role: 'manager', email: 'ann', sort: 'created_at' }); // { role, emailPrefix: 'ann', sort: 'asc', limit: 20 }
 * ```
 */
export const userListQuery = z
  .strictObject({
    limit: limitQuery,
    cursor: cursorQuery,
    role: roleSchema.optional(),
    email: z.string().trim().toLowerCase().min(1).max(255).optional(),
    sort: sortQuery,
  })
  .transform(
    ({ email, ...query }): UserListQuery => (email === undefined ? query : { ...query, emailPrefix: email }),
  );

const changes = userUpdateInputSchema.shape;

/**
 * Body of `PUT /api/v1/users/:id`: any of `email`, `first_name`, `last_name`, and `role` (an Admin
 * only); at least one.
 *
 * @example
 * ```ts
 * userUpdateBody.parse({ first_name: 'Ada', role: 'manager' });
 * ```
 */
export const userUpdateBody = into(
  z
    .strictObject({
      email: changes.email,
      first_name: changes.firstName,
      last_name: changes.lastName,
      role: changes.role,
    })
    .refine((body) => Object.values(body).some((v) => v !== undefined), 'Nothing to change'),
  userUpdateInputSchema,
  (body) => {
    const input: z.output<typeof userUpdateInputSchema> = {};
    if (body.email !== undefined) input.email = body.email;
    if (body.first_name !== undefined) input.firstName = body.first_name;
    if (body.last_name !== undefined) input.lastName = body.last_name;
    if (body.role !== undefined) input.role = body.role;
    return input;
  },
);

/**
 * The user routes (spec §4.1): the caller itself, list (Admin), get, update (owner or Admin),
 * delete (Admin).
 *
 * @example
 * ```ts
 * userContract.update.path; // '/api/v1/users/:id'
 * ```
 */
export const userContract = {
  me: {
    method: 'GET',
    path: '/api/v1/users/me',
    summary: 'The authenticated user',
    auth: 'required',
    response: userView,
  },
  list: {
    method: 'GET',
    path: '/api/v1/users',
    summary: 'List users (Admin): ?limit, cursor, role, email (prefix), sort=created_at|-created_at',
    auth: 'required',
    query: userListQuery,
    response: pageOf(userView),
  },
  get: {
    method: 'GET',
    path: '/api/v1/users/:id',
    summary: 'Get a user (signed in; another user’s email only for Managers and Admins); ETag its version',
    auth: 'required',
    params: idParams,
    response: userView,
  },
  update: {
    method: 'PUT',
    path: '/api/v1/users/:id',
    summary: 'Update a user (owner or Admin; role only by an Admin); If-Match for optimistic concurrency',
    auth: 'required',
    params: idParams,
    body: userUpdateBody,
    response: userView,
  },
  delete: {
    method: 'DELETE',
    path: '/api/v1/users/:id',
    summary: 'Delete a user (Admin); 409 while the user has orders',
    auth: 'required',
    params: idParams,
    status: 204,
  },
} as const satisfies Record<string, RouteContract>;
