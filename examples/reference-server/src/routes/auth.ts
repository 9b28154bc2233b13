import {
  type AccessTokens,
  type AuthService,
  isMfaChallenge,
  type MfaService,
  type TokenPair,
} from '@truss/auth';
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
const codeBody = z.strictObject({ code: z.string().trim().min(1).max(16) });
const secondFactorBody = z.union([
  codeBody,
  z.strictObject({ recovery_code: z.string().trim().min(1).max(64) }),
]);
const mfaVerifyBody = z.union([
  z.strictObject({ mfa_token: z.string().min(1).max(4096), code: z.string().trim().min(1).max(16) }),
  z.strictObject({ mfa_token: z.string().min(1).max(4096), recovery_code: z.string().trim().min(1).max(64) }),
]);

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
  mfa: MfaService,
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
      handler: async ({ body, ctx }) => {
        const result = await auth.login(body, { ip: ctx.request.ip });
        return isMfaChallenge(result)
          ? json(result, 200, { 'cache-control': 'no-store' })
          : tokensReply(result);
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/api/v1/auth/mfa/verify',
      summary: 'Second login step: the MFA challenge and a TOTP code (or a recovery code) for tokens',
      body: mfaVerifyBody,
      handler: async ({ body, ctx }) => {
        const input =
          'code' in body
            ? { mfaToken: body.mfa_token, code: body.code }
            : { mfaToken: body.mfa_token, recoveryCode: body.recovery_code };
        return tokensReply(await auth.completeMfaLogin(input, { ip: ctx.request.ip }));
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/auth/mfa',
      summary: 'Whether MFA is on, pending, and how many recovery codes are left',
      auth: 'required',
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
      method: 'POST',
      path: '/api/v1/auth/mfa/enroll',
      summary: 'Start TOTP enrollment: a secret and its otpauth:// URI',
      auth: 'required',
      handler: async ({ principal }) => {
        const { secret, otpauthUri } = await mfa.enroll(principal.userId);
        return json({ secret, otpauth_uri: otpauthUri }, 200, { 'cache-control': 'no-store' });
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/api/v1/auth/mfa/confirm',
      summary: 'Confirm enrollment with a code; answers the recovery codes, once',
      auth: 'required',
      body: codeBody,
      handler: async ({ principal, body }) =>
        json({ recovery_codes: (await mfa.confirm(principal.userId, body.code)).recoveryCodes }, 200, {
          'cache-control': 'no-store',
        }),
    }),
    defineRoute({
      method: 'POST',
      path: '/api/v1/auth/mfa/recovery-codes',
      summary: 'Replace the recovery codes (needs a current code)',
      auth: 'required',
      body: codeBody,
      handler: async ({ principal, body }) =>
        json(
          { recovery_codes: (await mfa.regenerateRecoveryCodes(principal.userId, body.code)).recoveryCodes },
          200,
          {
            'cache-control': 'no-store',
          },
        ),
    }),
    defineRoute({
      method: 'POST',
      path: '/api/v1/auth/mfa/disable',
      summary: 'Turn MFA off with a code or a recovery code',
      auth: 'required',
      body: secondFactorBody,
      handler: async ({ principal, body }) => {
        await mfa.disable(
          principal.userId,
          'code' in body ? { code: body.code } : { recoveryCode: body.recovery_code },
        );
        return noContent();
      },
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
