import { toPublicUser, type UserService } from '@truss/core';
import { defineRoute, json, type Route } from '@truss/http';

/** `/api/v1/users/*`. */
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
