import type { AccessTokens, AuthService } from '@truss/auth';
import { emailSchema, passwordSchema, personNameSchema, toPublicUser } from '@truss/core';
import { created, defineRoute, json, noContent, type Route } from '@truss/http';
import { z } from 'zod';

const registerBody = z.strictObject({
  email: emailSchema,
  password: passwordSchema,
  first_name: personNameSchema.nullish(),
  last_name: personNameSchema.nullish(),
});

const loginBody = z.strictObject({ email: z.string().max(255), password: z.string().max(1024) });
const refreshBody = z.strictObject({ refresh_token: z.string().min(1).max(512) });

/** `POST /api/v1/auth/*` and the JWKS document. */
export function authRoutes(auth: AuthService, accessTokens: AccessTokens): Route[] {
  return [
    defineRoute({
      method: 'POST',
      path: '/api/v1/auth/register',
      summary: 'Create an account (role user)',
      body: registerBody,
      handler: async ({ body }) =>
        created(
          toPublicUser(
            await auth.register({
              email: body.email,
              password: body.password,
              firstName: body.first_name,
              lastName: body.last_name,
            }),
          ),
        ),
    }),
    defineRoute({
      method: 'POST',
      path: '/api/v1/auth/login',
      summary: 'Exchange email and password for tokens',
      body: loginBody,
      handler: async ({ body }) => json(await auth.login(body), 200, { 'cache-control': 'no-store' }),
    }),
    defineRoute({
      method: 'POST',
      path: '/api/v1/auth/refresh',
      summary: 'Rotate a refresh token for a new token pair',
      body: refreshBody,
      handler: async ({ body }) =>
        json(await auth.refresh(body.refresh_token), 200, { 'cache-control': 'no-store' }),
    }),
    defineRoute({
      method: 'POST',
      path: '/api/v1/auth/logout',
      summary: 'Revoke the session of a refresh token',
      auth: 'required',
      body: refreshBody,
      handler: async ({ body }) => {
        await auth.logout(body.refresh_token);
        return noContent();
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/.well-known/jwks.json',
      summary: 'Public keys that verify access tokens',
      handler: () => json(accessTokens.jwks(), 200, { 'cache-control': 'public, max-age=300' }),
    }),
  ];
}
