import type { AccessTokens, AuthService, MfaService, TokenPair } from '@truss/auth';
import { isMfaChallenge } from '@truss/auth';
import { TrussError, type UserService } from '@truss/core';
import {
  created,
  csrfProtection,
  defineRoute,
  json,
  noContent,
  type Reply,
  type RequestContext,
  type Route,
  readCookie,
  serializeCookie,
  withCookies,
} from '@truss/http';
import type { z } from 'zod';
import { authContract as contract } from '../contract/auth.js';
import type { tokenPairView } from '../contract/views.js';
import { type AnyAuthorizer, requirePermission } from '../require-permission.js';
import { toMfaChallengeView, toTokenPairView, toUserView } from '../views/render.js';

/**
 * Name of the cookie that carries the refresh token.
 *
 * @example
 * ```ts
 * readCookie(request, REFRESH_COOKIE);
 * ```
 */
export const REFRESH_COOKIE = 'truss_refresh';

/**
 * The refresh cookie's name: {@link REFRESH_COOKIE}, with the `__Secure-` prefix when the cookie is
 * `Secure` (browsers then refuse it from plain http and from a subdomain that is not secure).
 *
 * @example
 * ```ts
 * refreshCookieName(true); // '__Secure-truss_refresh'
 * ```
 */
export function refreshCookieName(secure: boolean): string {
  return secure ? `__Secure-${REFRESH_COOKIE}` : REFRESH_COOKIE;
}

type TokenPairView = z.infer<typeof tokenPairView>;

/** The refresh cookie is sent only to the auth endpoints. */
const AUTH_PATH = '/api/v1/auth';

/**
 * What {@link authRoutes} needs.
 *
 * @example
 * ```ts
 * const deps: AuthRoutesDeps = { auth, users, accessTokens, mfa, cookie: { secure: false } };
 * ```
 */
export interface AuthRoutesDeps {
  /** Login, refresh, logout. */
  auth: AuthService;
  /** Registration. */
  users: Pick<UserService, 'register'>;
  /** Serves the JWKS document. */
  accessTokens: Pick<AccessTokens, 'jwks'>;
  /** The TOTP second factor (`@truss/auth/mfa`); without it the `/auth/mfa/*` routes are not mounted. */
  mfa?: MfaService;
  /**
   * The permission table of `DELETE /users/:id/mfa` (`reset-mfa:user`, Admin). `createTrussApi`
   * passes its own; without one that route is not mounted.
   */
  authorizer?: AnyAuthorizer;
  /**
   * Origins besides the server's own whose pages may use the cookie routes (`refresh`, `logout`):
   * a request a browser sends from any other site is refused with 403 `forbidden`
   * (`csrfProtection` of `@truss/http`). Default none. `createTrussApi` passes its own.
   */
  allowedOrigins?: readonly string[];
  /** The refresh cookie. */
  cookie?: {
    /** Its `Secure` attribute; `false` only for plain-http development. Default `true`. */
    secure?: boolean;
    /** Its `Max-Age`, seconds: the refresh token's lifetime. Default 604 800 (7 days). */
    maxAgeSeconds?: number;
    /**
     * Whether token answers also carry `refresh_token` in the JSON body. `false` for browser
     * deployments: the refresh token then lives only in the HttpOnly cookie, out of reach of
     * scripts. Default `true`.
     */
    refreshTokenInBody?: boolean;
  };
}

/**
 * `POST /api/v1/auth/*` (register, login, refresh, logout, logout-all, the MFA step and MFA
 * management) and `GET /.well-known/jwks.json`. Tokens come back in the body and the refresh token
 * also as an HttpOnly, `SameSite=Strict` cookie on the auth path; `refresh` and `logout`, which read
 * that cookie, refuse requests a browser sends from another site (403, see
 * {@link AuthRoutesDeps.allowedOrigins}).
 *
 * @example
 * ```ts
 * const routes = authRoutes({ auth, users, accessTokens, cookie: { secure: process.env.NODE_ENV === 'production' } });
 * ```
 */
export function authRoutes(deps: AuthRoutesDeps): Route[] {
  const { auth, mfa } = deps;
  const secure = deps.cookie?.secure ?? true;
  const maxAge = deps.cookie?.maxAgeSeconds ?? 604_800;
  const inBody = deps.cookie?.refreshTokenInBody ?? true;
  const cookieName = refreshCookieName(secure);
  const noStore = { 'cache-control': 'no-store' };
  const cookie = (value: string, seconds: number) =>
    serializeCookie(cookieName, value, { path: AUTH_PATH, maxAge: seconds, secure });
  const tokensReply = (tokens: TokenPair) => {
    const { refresh_token, ...view } = toTokenPairView(tokens);
    return json(
      inBody ? { ...view, refresh_token } : view,
      200,
      withCookies(noStore, cookie(tokens.refreshToken, maxAge)),
    );
  };
  const clearCookie = () => withCookies(noStore, cookie('', 0));
  const presentedRefreshToken = (
    body: { refresh_token?: string | undefined } | undefined,
    ctx: RequestContext,
  ) => body?.refresh_token ?? readCookie(ctx.request, cookieName);
  const ip = (ctx: RequestContext) => ({ ip: ctx.request.ip });
  // The two routes that take the refresh cookie: a cross-site page must not make a browser use it.
  const sameSiteOnly = [csrfProtection({ allowedOrigins: deps.allowedOrigins ?? [] })];

  const routes = [
    defineRoute({
      ...contract.register,
      handler: async ({ body }) => created(toUserView(await deps.users.register(body))),
    }),
    defineRoute({
      ...contract.login,
      handler: async ({ body, ctx }) => {
        const result = await auth.login(body, { ip: ctx.request.ip });
        return isMfaChallenge(result) ? json(toMfaChallengeView(result), 200, noStore) : tokensReply(result);
      },
    }),
    defineRoute({
      ...contract.refresh,
      middleware: sameSiteOnly,
      handler: async ({ body, ctx }) => {
        const token = presentedRefreshToken(body, ctx);
        if (!token) {
          throw new TrussError(
            'unauthorized',
            `Send the refresh token in the body or the ${cookieName} cookie`,
          );
        }
        return tokensReply(await auth.refresh(token));
      },
    }),
    defineRoute({
      ...contract.logout,
      middleware: sameSiteOnly,
      handler: async ({ body, ctx, principal }) => {
        const token = presentedRefreshToken(body, ctx);
        if (token) await auth.logout(token);
        else if (principal.sessionId) await auth.logoutSession(principal.sessionId);
        return noContent(clearCookie());
      },
    }),
    defineRoute({
      ...contract.logoutAll,
      handler: async ({ principal }) => {
        await auth.logoutEverywhere(principal.userId);
        return noContent(clearCookie());
      },
    }),
    defineRoute({
      ...contract.changePassword,
      handler: async ({ principal, body, ctx }) => {
        await auth.changePassword(
          principal,
          { currentPassword: body.current_password, newPassword: body.new_password },
          ip(ctx),
        );
        return noContent(noStore);
      },
    }),
    defineRoute({
      ...contract.forgotPassword,
      handler: async ({ body }) => {
        await auth.requestPasswordReset(body.email);
        return json(
          { message: 'If the email belongs to an account, a reset token is on its way' },
          202,
          noStore,
        );
      },
    }),
    defineRoute({
      ...contract.resetPassword,
      handler: async ({ body, ctx }) => {
        await auth.resetPassword({ token: body.token, newPassword: body.new_password }, ip(ctx));
        return noContent(clearCookie());
      },
    }),
    defineRoute({
      ...contract.reauthenticate,
      handler: async ({ principal, body, ctx }) => {
        await auth.reauthenticate(principal, body, ip(ctx));
        return noContent(noStore);
      },
    }),
    defineRoute({
      ...contract.jwks,
      handler: () => json(deps.accessTokens.jwks(), 200, { 'cache-control': 'public, max-age=300' }),
    }),
  ];
  if (!mfa) return routes;
  const reset = deps.authorizer
    ? [
        defineRoute({
          ...contract.mfaReset,
          middleware: [requirePermission(deps.authorizer, 'reset-mfa:user')],
          handler: async ({ principal, params, ctx }) => {
            await mfa.reset(params.id, principal.userId, ip(ctx));
            return noContent();
          },
        }),
      ]
    : [];
  return [...routes, ...mfaRoutes(auth, mfa, tokensReply), ...reset];
}

/** `/api/v1/auth/mfa*`: the second login step and the caller's MFA management. */
function mfaRoutes(
  auth: AuthService,
  mfa: MfaService,
  tokensReply: (tokens: TokenPair) => Reply<TokenPairView>,
): Route[] {
  const noStore = { 'cache-control': 'no-store' };
  return [
    defineRoute({
      ...contract.mfaVerify,
      handler: async ({ body, ctx }) =>
        tokensReply(await auth.completeMfaLogin(body, { ip: ctx.request.ip })),
    }),
    defineRoute({
      ...contract.mfaStatus,
      handler: async ({ principal }) => {
        const status = await mfa.status(principal.userId);
        return json({
          enabled: status.enabled,
          pending: status.pending,
          recovery_codes_left: status.recoveryCodesLeft,
        });
      },
    }),
    defineRoute({
      ...contract.mfaEnroll,
      handler: async ({ principal }) => {
        await auth.requireRecentAuthentication(principal);
        const { secret, otpauthUri } = await mfa.enroll(principal.userId);
        return json({ secret, otpauth_uri: otpauthUri }, 200, noStore);
      },
    }),
    defineRoute({
      ...contract.mfaConfirm,
      handler: async ({ principal, body }) =>
        json(
          { recovery_codes: (await mfa.confirm(principal.userId, body.code)).recoveryCodes },
          200,
          noStore,
        ),
    }),
    defineRoute({
      ...contract.mfaRecoveryCodes,
      handler: async ({ principal, body }) => {
        const { recoveryCodes } = await mfa.regenerateRecoveryCodes(principal.userId, body.code);
        return json({ recovery_codes: recoveryCodes }, 200, noStore);
      },
    }),
    defineRoute({
      ...contract.mfaDisable,
      handler: async ({ principal, body }) => {
        await auth.requireRecentAuthentication(principal);
        await mfa.disable(principal.userId, body);
        return noContent();
      },
    }),
  ];
}
