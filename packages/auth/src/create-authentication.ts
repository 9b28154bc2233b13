import {
  type AuditLogRepository,
  type Clock,
  createMemoryRevocationStore,
  createMemoryThrottleStore,
  type Logger,
  type Mailer,
  type MfaRepository,
  type PasswordHasher,
  type PasswordPolicy,
  type PasswordResetRepository,
  parseInput,
  type RefreshTokenRepository,
  type RevocationStore,
  systemClock,
  type ThrottleStore,
  type UserRepository,
} from '@truss/core';
import { z } from 'zod';
import { type AccessTokenOptions, type AccessTokens, createAccessTokens } from './access-tokens.js';
import { type AuthService, createAuthService } from './auth-service.js';
import { createLoginThrottle, type LoginThrottleOptions } from './login-throttle.js';
import { createMfaService, type MfaService } from './mfa-service.js';
import { type AccessTokenRevocations, createAccessTokenRevocations } from './revocations.js';
import { createSecretBox } from './secret-box.js';

/**
 * What {@link createAuthentication} wires together.
 *
 * @example
 * ```ts
 * const options: AuthenticationOptions = {
 *   users: repositories.users,
 *   repositories,
 *   hasher: createArgon2Hasher(),
 *   tokens: { keys: [await generateSigningKey('EdDSA')], issuer: 'shop', audience: 'shop-api' },
 * };
 * ```
 */
export interface AuthenticationOptions {
  /** The users logins look up (wrap it with `withUserCreatedEvents` of `@truss/core` for events). */
  users: UserRepository;
  /**
   * The stores of `createRepositories` (`@truss/repos`): refresh tokens always; `mfa` enables TOTP
   * with {@link AuthenticationOptions.mfa}; `passwordResets` with `mailer` enables forgotten
   * passwords; `auditLog` records the security events.
   */
  repositories: {
    refreshTokens: RefreshTokenRepository;
    mfa?: MfaRepository;
    passwordResets?: PasswordResetRepository;
    auditLog?: Pick<AuditLogRepository, 'record'>;
  };
  hasher: PasswordHasher;
  /**
   * The access tokens: signing keys (the first signs), issuer, audience and lifetime
   * (`ttlSeconds`, default 900), as `createAccessTokens` takes them.
   */
  tokens: Omit<AccessTokenOptions, 'clock' | 'isRevoked'>;
  /** Refresh token lifetime, seconds. Default 604 800 (7 days). */
  refreshTokenTtlSeconds?: number;
  /** Absolute lifetime of a session from its login, seconds. Default 2 592 000 (30 days). */
  sessionMaxAgeSeconds?: number;
  /** How long a proof counts as recent for sensitive changes, seconds. Default 300. */
  reauthWindowSeconds?: number;
  /**
   * Where revocations and login failures are kept. Default: in this process. With several instances,
   * shared ones (`createSharedState` of `@truss/cache` answers both on Redis).
   */
  stores?: { revocations?: RevocationStore; throttles?: ThrottleStore };
  /** Failed-login throttling (`freeAttempts`, `maxDelaySeconds`, …). Default: `createLoginThrottle`'s. */
  loginThrottle?: Omit<LoginThrottleOptions, 'store'>;
  /**
   * TOTP second factor: the name authenticator apps show, and the 32-byte key (raw or base64)
   * sealing the secrets at rest. Needs `repositories.mfa`. Default: off.
   */
  mfa?: { issuer: string; secretKey: Uint8Array | string };
  /** Checked on changed and reset passwords, e.g. `createPasswordPolicy()`. */
  passwordPolicy?: PasswordPolicy;
  /** Sends password-reset emails (with `repositories.passwordResets`). */
  mailer?: Mailer;
  logger?: Logger;
  clock?: Clock;
}

/**
 * What {@link createAuthentication} answers: the parts `createTrussApi({ auth })` of `@truss/api`
 * takes, and the revocations to end a user's tokens from elsewhere.
 */
export interface Authentication {
  auth: AuthService;
  accessTokens: AccessTokens;
  /** Present when {@link AuthenticationOptions.mfa} was given. */
  mfa: MfaService | undefined;
  revocations: AccessTokenRevocations;
}

const object = (what: string) =>
  z.custom<never>((v) => typeof v === 'object' && v !== null, `must be ${what}`);
const schema = z
  .looseObject({
    users: object('a user repository'),
    repositories: z.looseObject({ refreshTokens: object('a refresh token repository') }),
    hasher: object('a password hasher'),
    tokens: z.looseObject({}),
    mfa: z.strictObject({ issuer: z.string().min(1).max(64), secretKey: z.unknown() }).optional(),
  })
  .refine((o) => !o.mfa || (o.repositories as { mfa?: unknown }).mfa, {
    path: ['repositories', 'mfa'],
    message: 'is required with mfa',
  });

/**
 * The whole authentication of spec §7.1–7.4 in one call: access tokens (EdDSA by default) refused
 * at once when revoked, rotating refresh-token sessions, throttled logins, TOTP MFA, password
 * change and reset — the `createAccessTokenRevocations`, `createAccessTokens`,
 * `createLoginThrottle`, `createMfaService` and `createAuthService` an application would otherwise
 * wire by hand. Each part stays available on its own for other arrangements.
 *
 * @example
 * ```ts
 * const { auth, accessTokens, mfa } = await createAuthentication({
 *   users: repositories.users,
 *   repositories,
 *   hasher: createArgon2Hasher(),
 *   tokens: { keys: [await generateSigningKey('EdDSA')], issuer: 'shop', audience: 'shop-api' },
 *   mfa: { issuer: 'Shop', secretKey: generateEncryptionKey() },
 * });
 * const api = createTrussApi({ …, auth: { auth, accessTokens, mfa, users: userService } });
 * ```
 */
export async function createAuthentication(options: AuthenticationOptions): Promise<Authentication> {
  parseInput(schema, options, 'authentication options');
  const clock = options.clock ?? systemClock;
  const { repositories, stores = {} } = options;
  const throttles = stores.throttles ?? createMemoryThrottleStore({ clock });
  // Revocations are kept as long as the tokens they refuse live: the validated lifetime.
  let revocations: AccessTokenRevocations | undefined;
  const accessTokens = await createAccessTokens({
    ...options.tokens,
    clock,
    isRevoked: (claims) => revocations?.isRevoked(claims) ?? false,
  });
  revocations = createAccessTokenRevocations({
    accessTokenTtlSeconds: accessTokens.ttlSeconds,
    store: stores.revocations ?? createMemoryRevocationStore({ clock }),
    clock,
  });
  const mfa =
    options.mfa && repositories.mfa
      ? createMfaService({
          mfa: repositories.mfa,
          users: options.users,
          secretBox: createSecretBox(options.mfa.secretKey),
          issuer: options.mfa.issuer,
          // Wrong codes are throttled per user with the default rule, apart from password failures.
          throttle: createLoginThrottle({ store: throttles }),
          ...(repositories.auditLog && { audit: repositories.auditLog }),
          clock,
        })
      : undefined;
  const auth = createAuthService({
    users: options.users,
    refreshTokens: repositories.refreshTokens,
    hasher: options.hasher,
    accessTokens,
    revocations,
    throttle: createLoginThrottle({ ...options.loginThrottle, store: throttles }),
    ...(mfa && { mfa }),
    ...(repositories.auditLog && { audit: repositories.auditLog }),
    ...(repositories.passwordResets && { passwordResets: repositories.passwordResets }),
    ...(options.refreshTokenTtlSeconds !== undefined && {
      refreshTokenTtlSeconds: options.refreshTokenTtlSeconds,
    }),
    ...(options.sessionMaxAgeSeconds !== undefined && { sessionMaxAgeSeconds: options.sessionMaxAgeSeconds }),
    ...(options.reauthWindowSeconds !== undefined && { reauthWindowSeconds: options.reauthWindowSeconds }),
    ...(options.passwordPolicy && { passwordPolicy: options.passwordPolicy }),
    ...(options.mailer && { mailer: options.mailer }),
    ...(options.logger && { logger: options.logger }),
    clock,
  });
  return { auth, accessTokens, mfa, revocations };
}
