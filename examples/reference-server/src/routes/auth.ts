import type { AccessTokens, AuthService, TokenPair } from '@truss/auth';
import { emailSchema, passwordSchema, personNameSchema, TrussError, toPublicUser } from '@truss/core';
import {
  created,
  defineRoute,
  json,
  noContent,
  type RequestContext,
  type Route,
  readCookie,
  serializeCookie,
  withCookies,
} from '@truss/http';
import { z } from 'zod';

/** Name of the cookie that carries the refresh token. */
export const REFRESH_COOKIE = 'truss_refresh';
/** The refresh cookie is sent only to the auth endpoints. */
const AUTH_PATH = '/api/v1/auth';

const registerBody = z.strictObject({
  email: emailSchema,
  password: passwordSchema,
  first_name: personNameSchema.nullish(),
  last_name: personNameSchema.nullish(),
});
const loginBody = z.strictObject({ email: z.string().max(255), password: z.string().max(1024) });
const refreshBody = z.strictObject({ refresh_token: z.string().min(1).max(512) }).optional();

/** Options of {@link authRoutes}. */
export interface AuthRouteOptions {
  /** `Secure` attribute of the refresh cookie; `false` only for plain-http development. */
  cookieSecure: boolean;
  /** Refresh token lifetime in seconds: the cookie's `Max-Age`. */
  refreshTokenTtlSeconds: number;
}

/** `POST /api/v1/auth/*` and the JWKS document. */
export function authRoutes(
  auth: AuthService,
  accessTokens: AccessTokens,
  options: AuthRouteOptions,
): Route[] {
  const cookie = (value: string, maxAge: number) =>
    serializeCookie(REFRESH_COOKIE, value, { path: AUTH_PATH, maxAge, secure: options.cookieSecure });
  const tokensReply = (tokens: TokenPair) =>
    json(
      tokens,
      200,
      withCookies(
        { 'cache-control': 'no-store' },
        cookie(tokens.refresh_token, options.refreshTokenTtlSeconds),
      ),
    );
  const clearCookie = () => withCookies({ 'cache-control': 'no-store' }, cookie('', 0));
  const presentedRefreshToken = (body: { refresh_token: string } | undefined, ctx: RequestContext) =>
    body?.refresh_token ?? readCookie(ctx.request, REFRESH_COOKIE);

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
      summary: 'Exchange email and password for tokens (refresh token also as an HttpOnly cookie)',
      body: loginBody,
      handler: async ({ body, ctx }) => tokensReply(await auth.login(body, { ip: ctx.request.ip })),
    }),
    defineRoute({
      method: 'POST',
      path: '/api/v1/auth/refresh',
      summary: 'Rotate a refresh token (from the body or the cookie) for a new token pair',
      body: refreshBody,
      handler: async ({ body, ctx }) => {
        const token = presentedRefreshToken(body, ctx);
        if (!token)
          throw new TrussError(
            'unauthorized',
            `Send the refresh token in the body or the ${REFRESH_COOKIE} cookie`,
          );
        return tokensReply(await auth.refresh(token));
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/api/v1/auth/logout',
      summary: 'Revoke this session (the refresh token given, else the session of the access token)',
      auth: 'required',
      body: refreshBody,
      handler: async ({ body, ctx, principal }) => {
        const token = presentedRefreshToken(body, ctx);
        if (token) await auth.logout(token);
        else if (principal.sessionId) await auth.logoutSession(principal.sessionId);
        return noContent(clearCookie());
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/api/v1/auth/logout-all',
      summary: 'Revoke every session of the caller',
      auth: 'required',
      handler: async ({ principal }) => {
        await auth.logoutEverywhere(principal.userId);
        return noContent(clearCookie());
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
