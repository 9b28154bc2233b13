import {
  type Clock,
  type LoginInput,
  loginInputSchema,
  type MfaLoginInput,
  mfaLoginInputSchema,
  type PasswordHasher,
  parseInput,
  TrussError,
  type UserRepository,
} from '@truss/core';
import type { AccessTokens } from './access-tokens.js';
import type { LoginThrottle } from './login-throttle.js';
import type { MfaService } from './mfa-service.js';
import type { SecurityAudit } from './security-audit.js';
import type { SessionTokens, TokenPair } from './session-tokens.js';

/**
 * Login's answer for a user with MFA on: prove the second factor with `mfaToken` next. The API
 * renders it as `{ mfa_required: true, mfa_token, expires_in }`.
 *
 * @example
 * ```ts
 * const result = await auth.login({ email, password });
 * if (isMfaChallenge(result)) await auth.completeMfaLogin({ mfaToken: result.mfaToken, code });
 * ```
 */
export interface MfaChallenge {
  mfaRequired: true;
  /** Short-lived, signed; only `AuthService.completeMfaLogin` accepts it. */
  mfaToken: string;
  /** Seconds until `mfaToken` expires. */
  expiresIn: number;
}

/**
 * Whether a login answered an MFA challenge rather than tokens.
 *
 * @example
 * ```ts
 * const result = await auth.login(credentials);
 * if (isMfaChallenge(result)) askForCode(result.mfaToken);
 * ```
 */
export function isMfaChallenge(result: TokenPair | MfaChallenge): result is MfaChallenge {
  return 'mfaRequired' in result;
}

/**
 * How long an MFA challenge lasts, seconds.
 *
 * @example
 * ```ts
 * MFA_CHALLENGE_TTL; // 300
 * ```
 */
export const MFA_CHALLENGE_TTL = 300;

/**
 * Where a login comes from, for throttling and the audit log.
 *
 * @example
 * ```ts
 * await auth.login(credentials, { ip: request.ip } satisfies LoginContext);
 * ```
 */
export interface LoginContext {
  /** The client's address. */
  ip?: string | undefined;
}

/** What {@link createPasswordLogin} needs. */
export interface PasswordLoginDeps {
  users: UserRepository;
  hasher: PasswordHasher;
  throttle: LoginThrottle;
  mfa: MfaService | undefined;
  accessTokens: AccessTokens;
  sessions: SessionTokens;
  audit: SecurityAudit;
  clock: Clock;
}

const INVALID_CREDENTIALS = 'Email or password is incorrect';

/**
 * Login with a password, and the second step for users with MFA on.
 *
 * @example
 * ```ts
 * const { login } = createPasswordLogin({ users, hasher, throttle, mfa, accessTokens, sessions, audit, clock });
 * ```
 */
export function createPasswordLogin(deps: PasswordLoginDeps) {
  // Unknown emails are verified against this hash, so they cost what a wrong password costs.
  let dummyHash: Promise<string> | undefined;

  async function login(input: LoginInput, context: LoginContext = {}): Promise<TokenPair | MfaChallenge> {
    const { email, password } = parseInput(loginInputSchema, input, 'credentials');
    // Counted before the password is checked: a parallel burst cannot pass before its failures count.
    await deps.throttle.attempt(email, context.ip);
    const user = await deps.users.findByEmail(email);
    dummyHash ??= deps.hasher.hash('truss-dummy-password-for-timing');
    const check = await deps.hasher.verify(user ? user.passwordHash : await dummyHash, password);
    if (!user || !check.valid) {
      // The user's id when the email is known; never the email itself (spec §7.3: no PII in the log).
      await deps.audit('auth.login_failed', user?.id ?? null, context.ip);
      throw new TrussError('invalid_credentials', INVALID_CREDENTIALS);
    }
    await deps.throttle.recordSuccess(email, context.ip);
    if (check.needsRehash) await deps.users.updatePasswordHash(user.id, await deps.hasher.hash(password));
    if (deps.mfa && (await deps.mfa.isEnabled(user.id))) {
      await deps.audit('auth.login_password_ok', user.id, context.ip, { mfa: 'required' });
      const mfaToken = await deps.accessTokens.issueChallenge(user.id, MFA_CHALLENGE_TTL);
      return { mfaRequired: true, mfaToken, expiresIn: MFA_CHALLENGE_TTL };
    }
    await deps.audit('auth.login', user.id, context.ip);
    return deps.sessions.issue(user, globalThis.crypto.randomUUID());
  }

  async function completeMfaLogin(input: MfaLoginInput, context: LoginContext = {}): Promise<TokenPair> {
    const data = parseInput(mfaLoginInputSchema, input, 'MFA login');
    if (!deps.mfa) throw new TrussError('bad_request', 'Multi-factor authentication is not configured');
    const { userId } = await deps.accessTokens.verifyChallenge(data.mfaToken);
    const proof = 'code' in data ? { code: data.code } : { recoveryCode: data.recoveryCode };
    if (!(await deps.mfa.verify(userId, proof, context))) {
      await deps.audit('auth.mfa_failed', userId, context.ip);
      throw new TrussError(
        'invalid_credentials',
        'The authentication code is wrong, expired or already used',
      );
    }
    const user = await deps.users.findById(userId);
    if (!user) throw new TrussError('invalid_token', 'MFA challenge is not valid');
    await deps.audit('auth.login', user.id, context.ip, { mfa: 'passed' });
    return deps.sessions.issue(user, globalThis.crypto.randomUUID());
  }

  return { login, completeMfaLogin };
}
