import { createHash } from 'node:crypto';
import {
  type AuditLogRepository,
  type Clock,
  type MfaRepository,
  parseInput,
  type SecondFactor,
  secondFactorSchema,
  systemClock,
  TrussError,
  type UserRepository,
} from '@truss/core';
import { Secret } from 'otpauth';
import { z } from 'zod';
import { createLoginThrottle, type LoginThrottle } from './login-throttle.js';
import type { SecretBox } from './secret-box.js';
import { newTotpSecret, totpUri, verifyTotp } from './totp.js';

/** How many recovery codes a user gets. */
export const RECOVERY_CODE_COUNT = 10;

/** What {@link createMfaService} needs. */
export interface MfaServiceDeps {
  mfa: MfaRepository;
  users: UserRepository;
  /** Seals TOTP secrets at rest (AES-256-GCM). */
  secretBox: SecretBox;
  /** Shown in authenticator apps, e.g. your product name. */
  issuer: string;
  /** Throttles wrong codes per user. Default: an in-memory {@link createLoginThrottle}. */
  throttle?: LoginThrottle;
  /** Where an Admin's {@link MfaService.reset} is recorded (`mfa.reset`). Default: not recorded. */
  audit?: Pick<AuditLogRepository, 'record'>;
  clock?: Clock;
}

/** TOTP multi-factor authentication (spec §7.4): enroll, confirm, verify, disable, recovery codes. */
export interface MfaService {
  /** Whether the user has a confirmed factor (login then asks for a code). */
  isEnabled(userId: string): Promise<boolean>;
  /** State of the user's MFA, for a settings page. */
  status(userId: string): Promise<{ enabled: boolean; pending: boolean; recoveryCodesLeft: number }>;
  /**
   * Starts enrollment: a new secret and its `otpauth://` URI (show it as a QR code). Throws
   * `conflict` when MFA is already on.
   */
  enroll(userId: string): Promise<{ secret: string; otpauthUri: string }>;
  /**
   * Confirms enrollment with a code from the app; answers the recovery codes, shown once. Throws
   * `validation_error` for a wrong code, `conflict` when nothing is pending.
   */
  confirm(userId: string, code: string): Promise<{ recoveryCodes: string[] }>;
  /** Turns MFA off after a valid code or recovery code. */
  disable(userId: string, proof: SecondFactor): Promise<void>;
  /** Replaces the recovery codes after a valid code. */
  regenerateRecoveryCodes(userId: string, code: string): Promise<{ recoveryCodes: string[] }>;
  /**
   * Checks (and uses up) a second factor at login: a TOTP code is accepted once, a recovery code
   * once. Wrong attempts are throttled (`rate_limited`). Answers whether it was valid.
   */
  verify(userId: string, proof: SecondFactor, context?: { ip?: string | undefined }): Promise<boolean>;
  /**
   * Turns a user's MFA off without a code (an Admin's help for a lost device), recorded in the
   * audit log as `mfa.reset` by `actorId`. Throws `not_found` for an unknown user.
   */
  reset(userId: string, actorId: string, context?: { ip?: string | undefined }): Promise<void>;
}

const normalizeRecoveryCode = (code: string) => code.toLowerCase().replace(/[\s-]/g, '');
const hashRecoveryCode = (code: string) =>
  createHash('sha256').update(normalizeRecoveryCode(code)).digest('hex');

/**
 * Ten codes of 24 base32 characters — 120 random bits each, above ASVS 2.6.2's 112, so an unsalted
 * SHA-256 of them cannot be reversed by guessing — as `abcd-efgh-ijkl-mnop-qrst-uvwx`.
 */
function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const text = new Secret({ size: 15 }).base32.toLowerCase();
    return (text.match(/.{4}/g) as string[]).join('-');
  });
}

/**
 * Builds the {@link MfaService}.
 *
 * @example
 * ```ts
 * const mfa = createMfaService({ mfa: createMfaRepository(db), users, secretBox: createSecretBox(key), issuer: 'Truss' });
 * const { otpauthUri } = await mfa.enroll(userId); // show as QR code
 * const { recoveryCodes } = await mfa.confirm(userId, '123456');
 * ```
 */
export function createMfaService(deps: MfaServiceDeps): MfaService {
  const clock = deps.clock ?? systemClock;
  const throttle = deps.throttle ?? createLoginThrottle();
  const issuer = parseInput(z.string().min(1).max(64), deps.issuer, 'MFA issuer');

  async function checkCode(userId: string, code: string, confirmedOnly: boolean): Promise<boolean> {
    const factor = await deps.mfa.findFactor(userId);
    if (!factor || (confirmedOnly && !factor.confirmedAt)) return false;
    const secret = deps.secretBox.open(factor.sealedSecret, userId);
    const step = verifyTotp(secret, code.trim(), clock.now().getTime());
    return step !== null && deps.mfa.useStep(userId, step);
  }

  async function checkProof(userId: string, proof: SecondFactor): Promise<boolean> {
    const parsed = parseInput(secondFactorSchema, proof, 'second factor');
    if ('code' in parsed) return checkCode(userId, parsed.code, true);
    return deps.mfa.useRecoveryCode(userId, hashRecoveryCode(parsed.recoveryCode), clock.now());
  }

  async function issueRecoveryCodes(userId: string): Promise<string[]> {
    const codes = newRecoveryCodes();
    await deps.mfa.replaceRecoveryCodes(userId, codes.map(hashRecoveryCode), clock.now());
    return codes;
  }

  const wrongCode = () =>
    new TrussError('validation_error', 'Invalid authentication code', {
      details: [{ path: 'code', message: 'The code is wrong, expired or already used' }],
    });

  async function throttled(
    userId: string,
    ip: string | undefined,
    check: () => Promise<boolean>,
  ): Promise<boolean> {
    const key = `mfa:${userId}`;
    await throttle.attempt(key, ip);
    const valid = await check();
    if (valid) await throttle.recordSuccess(key, ip);
    return valid;
  }

  const isEnabled = async (userId: string) => Boolean((await deps.mfa.findFactor(userId))?.confirmedAt);

  return {
    isEnabled,

    async status(userId) {
      const factor = await deps.mfa.findFactor(userId);
      return {
        enabled: Boolean(factor?.confirmedAt),
        pending: Boolean(factor && !factor.confirmedAt),
        recoveryCodesLeft: factor?.confirmedAt ? await deps.mfa.countRecoveryCodes(userId) : 0,
      };
    },

    async enroll(userId) {
      const user = await deps.users.findById(userId);
      if (!user) throw new TrussError('not_found', 'User not found');
      const secret = newTotpSecret();
      if (!(await deps.mfa.savePendingFactor(userId, deps.secretBox.seal(secret, userId), clock.now()))) {
        throw new TrussError('conflict', 'Multi-factor authentication is already on; disable it first');
      }
      return { secret, otpauthUri: totpUri({ secret, issuer, account: user.email }) };
    },

    async confirm(userId, code) {
      const factor = await deps.mfa.findFactor(userId);
      if (!factor || factor.confirmedAt)
        throw new TrussError('conflict', 'No enrollment is pending; start one first');
      if (!(await throttled(userId, undefined, () => checkCode(userId, code, false)))) throw wrongCode();
      if (!(await deps.mfa.confirmFactor(userId, clock.now())))
        throw new TrussError('conflict', 'No enrollment is pending');
      return { recoveryCodes: await issueRecoveryCodes(userId) };
    },

    async disable(userId, proof) {
      if (!(await isEnabled(userId)))
        throw new TrussError('conflict', 'Multi-factor authentication is not on');
      if (!(await throttled(userId, undefined, () => checkProof(userId, proof)))) throw wrongCode();
      await deps.mfa.removeFactor(userId);
    },

    async regenerateRecoveryCodes(userId, code) {
      if (!(await isEnabled(userId)))
        throw new TrussError('conflict', 'Multi-factor authentication is not on');
      if (!(await throttled(userId, undefined, () => checkCode(userId, code, true)))) throw wrongCode();
      return { recoveryCodes: await issueRecoveryCodes(userId) };
    },

    verify(userId, proof, context = {}) {
      return throttled(userId, context.ip, () => checkProof(userId, proof));
    },

    async reset(userId, actorId, context = {}) {
      const user = await deps.users.findById(userId);
      if (!user) throw new TrussError('not_found', 'User not found');
      const wasOn = await isEnabled(userId);
      await deps.mfa.removeFactor(userId);
      await deps.audit?.record({
        id: globalThis.crypto.randomUUID(),
        actorId,
        action: 'mfa.reset',
        targetType: 'user',
        targetId: userId,
        details: { wasEnabled: wasOn },
        ip: context.ip ?? null,
        createdAt: clock.now(),
      });
    },
  };
}
