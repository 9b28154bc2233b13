import {
  emailSchema,
  loginInputSchema,
  mfaLoginInputSchema,
  passwordSchema,
  registerInputSchema,
  secondFactorSchema,
} from '@truss/core';
import type { RouteContract } from '@truss/http';
import { z } from 'zod';
import { idParams } from './common.js';
import { loginView, tokenPairView, userView } from './views.js';
import { into } from './wire.js';

const registration = registerInputSchema.shape;

/**
 * Body of `POST /api/v1/auth/register`.
 *
 * @example
 * ```ts
 * registerBody.parse({ email: 'ada@example.com', password: 'correct horse battery staple', first_name: 'Ada' });
 * ```
 */
export const registerBody = into(
  z.strictObject({
    email: registration.email,
    password: registration.password,
    first_name: registration.firstName,
    last_name: registration.lastName,
  }),
  registerInputSchema,
  (body) => ({
    email: body.email,
    password: body.password,
    firstName: body.first_name,
    lastName: body.last_name,
  }),
);

/**
 * Body of `POST /api/v1/auth/login`: `{ email, password }`.
 *
 * @example
 * ```ts
 * loginBody.parse({ email: 'ada@example.com', password: 'correct horse battery staple' });
 * ```
 */
export const loginBody = into(loginInputSchema, loginInputSchema, (body) => body);

// The field schemas of the core's inputs, under the API's names.
const [withCode, withRecoveryCode] = mfaLoginInputSchema.options;
const mfaToken = withCode.shape.mfaToken;
const totpCode = withCode.shape.code;
const recoveryCode = withRecoveryCode.shape.recoveryCode;

/**
 * Body of `POST /api/v1/auth/mfa/verify`: the challenge and a TOTP code or a recovery code.
 *
 * @example
 * ```ts
 * mfaVerifyBody.parse({ mfa_token: challenge.mfa_token, code: '123456' });
 * ```
 */
export const mfaVerifyBody = into(
  z.union([
    z.strictObject({ mfa_token: mfaToken, code: totpCode }),
    z.strictObject({ mfa_token: mfaToken, recovery_code: recoveryCode }),
  ]),
  mfaLoginInputSchema,
  (body) =>
    'code' in body
      ? { mfaToken: body.mfa_token, code: body.code }
      : { mfaToken: body.mfa_token, recoveryCode: body.recovery_code },
);

/**
 * Body of the MFA endpoints that take a current code: `{ code }`.
 *
 * @example
 * ```ts
 * codeBody.parse({ code: '123456' });
 * ```
 */
export const codeBody = z.strictObject({ code: totpCode });

/**
 * Body of `POST /api/v1/auth/mfa/disable`: a current code or a recovery code.
 *
 * @example
 * ```ts
 * secondFactorBody.parse({ recovery_code: 'abcde-fghij' });
 * ```
 */
export const secondFactorBody = into(
  z.union([z.strictObject({ code: totpCode }), z.strictObject({ recovery_code: recoveryCode })]),
  secondFactorSchema,
  (body) => ('code' in body ? { code: body.code } : { recoveryCode: body.recovery_code }),
);

/**
 * Body of `POST /api/v1/auth/refresh` and `/logout`: the refresh token, or nothing (no body, or
 * `{}`) when it comes in the HttpOnly cookie.
 *
 * @example
 * ```ts
 * refreshBody.parse({ refresh_token: tokens.refresh_token });
 * refreshBody.parse({}); // the cookie carries it
 * ```
 */
export const refreshBody = z
  .strictObject({ refresh_token: z.string().min(1).max(512).optional() })
  .optional();

/**
 * Body of `POST /api/v1/auth/password`: the current password and the new one.
 *
 * @example
 * ```ts
 * changePasswordBody.parse({ current_password: 'old one', new_password: 'correct horse battery staple' });
 * ```
 */
export const changePasswordBody = z.strictObject({
  current_password: z.string().min(1).max(1024),
  new_password: passwordSchema,
});

/**
 * Body of `POST /api/v1/auth/password/forgot`.
 *
 * @example
 * ```ts
 * forgotPasswordBody.parse({ email: 'ada@example.com' });
 * ```
 */
export const forgotPasswordBody = z.strictObject({ email: emailSchema });

/**
 * Body of `POST /api/v1/auth/password/reset`: the token of the reset email and the new password.
 *
 * @example
 * ```ts
 * resetPasswordBody.parse({ token: fromTheEmail, new_password: 'correct horse battery staple' });
 * ```
 */
export const resetPasswordBody = z.strictObject({
  token: z.string().min(1).max(512),
  new_password: passwordSchema,
});

/**
 * Body of `POST /api/v1/auth/reauthenticate`: the password, or a current TOTP code.
 *
 * @example
 * ```ts
 * reauthenticateBody.parse({ password: 'correct horse battery staple' });
 * ```
 */
export const reauthenticateBody = z.union([
  z.strictObject({ password: z.string().min(1).max(1024) }),
  z.strictObject({ code: totpCode }),
]);

/**
 * The MFA state of the caller.
 *
 * @example
 * ```ts
 * mfaStatusView.parse(body); // { enabled: true, pending: false, recovery_codes_left: 10 }
 * ```
 */
export const mfaStatusView = z.object({
  enabled: z.boolean(),
  pending: z.boolean(),
  recovery_codes_left: z.number().int(),
});

/**
 * The authentication routes (spec §4.1): registration, login (and its MFA step), refresh, logout,
 * MFA management and the JWKS document.
 *
 * @example
 * ```ts
 * authContract.login.path; // '/api/v1/auth/login'
 * ```
 */
export const authContract = {
  register: {
    method: 'POST',
    path: '/api/v1/auth/register',
    summary: 'Create an account (role user)',
    body: registerBody,
    response: userView,
    status: 201,
  },
  login: {
    method: 'POST',
    path: '/api/v1/auth/login',
    summary: 'Exchange email and password for tokens (refresh token also as an HttpOnly cookie)',
    body: loginBody,
    response: loginView,
  },
  mfaVerify: {
    method: 'POST',
    path: '/api/v1/auth/mfa/verify',
    summary: 'Second login step: the MFA challenge and a TOTP code (or a recovery code) for tokens',
    body: mfaVerifyBody,
    response: tokenPairView,
  },
  mfaStatus: {
    method: 'GET',
    path: '/api/v1/auth/mfa',
    summary: 'Whether MFA is on, pending, and how many recovery codes are left',
    auth: 'required',
    response: mfaStatusView,
  },
  mfaEnroll: {
    method: 'POST',
    path: '/api/v1/auth/mfa/enroll',
    summary: 'Start TOTP enrollment: a secret and its otpauth:// URI',
    auth: 'required',
    response: z.object({ secret: z.string(), otpauth_uri: z.string() }),
  },
  mfaConfirm: {
    method: 'POST',
    path: '/api/v1/auth/mfa/confirm',
    summary: 'Confirm enrollment with a code; answers the recovery codes, once',
    auth: 'required',
    body: codeBody,
    response: z.object({ recovery_codes: z.array(z.string()) }),
  },
  mfaRecoveryCodes: {
    method: 'POST',
    path: '/api/v1/auth/mfa/recovery-codes',
    summary: 'Replace the recovery codes (needs a current code)',
    auth: 'required',
    body: codeBody,
    response: z.object({ recovery_codes: z.array(z.string()) }),
  },
  mfaDisable: {
    method: 'POST',
    path: '/api/v1/auth/mfa/disable',
    summary: 'Turn MFA off with a code or a recovery code',
    auth: 'required',
    body: secondFactorBody,
    status: 204,
  },
  refresh: {
    method: 'POST',
    path: '/api/v1/auth/refresh',
    summary: 'Rotate a refresh token (from the body or the cookie) for a new token pair',
    body: refreshBody,
    response: tokenPairView,
  },
  logout: {
    method: 'POST',
    path: '/api/v1/auth/logout',
    summary: 'Revoke this session (the refresh token given, else the session of the access token)',
    auth: 'required',
    body: refreshBody,
    status: 204,
  },
  logoutAll: {
    method: 'POST',
    path: '/api/v1/auth/logout-all',
    summary: 'Revoke every session of the caller',
    auth: 'required',
    status: 204,
  },
  changePassword: {
    method: 'POST',
    path: '/api/v1/auth/password',
    summary: 'Change the password (needs the current one); every other session is revoked',
    auth: 'required',
    body: changePasswordBody,
    status: 204,
  },
  forgotPassword: {
    method: 'POST',
    path: '/api/v1/auth/password/forgot',
    summary: 'Email a single-use, 30-minute reset token; answers 202 whatever the email',
    body: forgotPasswordBody,
    response: z.object({ message: z.string() }),
    status: 202,
  },
  resetPassword: {
    method: 'POST',
    path: '/api/v1/auth/password/reset',
    summary: 'Set a new password with a reset token; every session is revoked',
    body: resetPasswordBody,
    status: 204,
  },
  reauthenticate: {
    method: 'POST',
    path: '/api/v1/auth/reauthenticate',
    summary: 'Prove the password or a TOTP code again, for changes that need a recent authentication',
    auth: 'required',
    body: reauthenticateBody,
    status: 204,
  },
  mfaReset: {
    method: 'DELETE',
    path: '/api/v1/users/:id/mfa',
    summary: "Turn a user's MFA off (Admin), for a lost device; audited",
    auth: 'required',
    params: idParams,
    status: 204,
  },
  jwks: {
    method: 'GET',
    path: '/.well-known/jwks.json',
    summary: 'Public keys that verify access tokens',
    response: z.object({ keys: z.array(z.record(z.string(), z.unknown())) }),
  },
} as const satisfies Record<string, RouteContract>;
