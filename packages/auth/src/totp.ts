import { Secret, TOTP } from 'otpauth';

/** TOTP parameters (RFC 6238): what authenticator apps support everywhere. */
export interface TotpParameters {
  algorithm: 'SHA1' | 'SHA256' | 'SHA512';
  digits: number;
  /** Step length in seconds. */
  period: number;
}

/** SHA-1, 6 digits, 30 s: the parameters every authenticator app supports. */
export const TOTP_DEFAULTS: TotpParameters = Object.freeze({ algorithm: 'SHA1', digits: 6, period: 30 });

function totp(secretBase32: string, params: TotpParameters): TOTP {
  return new TOTP({ ...params, secret: Secret.fromBase32(secretBase32) });
}

/** A new random TOTP secret (160 bits, RFC 4226's recommendation), base32. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** Encodes raw secret bytes as base32 (for the RFC test vectors, whose secrets are ASCII). */
export function totpSecretFromBytes(bytes: Uint8Array): string {
  return new Secret({ buffer: bytes.slice().buffer }).base32;
}

/**
 * The `otpauth://` URI an authenticator app scans.
 *
 * @example
 * ```ts
 * totpUri({ secret, issuer: 'Truss', account: 'ada@example.com' }); // otpauth://totp/Truss:ada%40example.com?…
 * ```
 */
export function totpUri(options: {
  secret: string;
  issuer: string;
  account: string;
  params?: TotpParameters;
}): string {
  return new TOTP({
    ...(options.params ?? TOTP_DEFAULTS),
    issuer: options.issuer,
    label: options.account,
    secret: Secret.fromBase32(options.secret),
  }).toString();
}

/** The code for `secret` at `timeMs` (for tests and tools). */
export function totpCode(secret: string, timeMs: number, params: TotpParameters = TOTP_DEFAULTS): string {
  return totp(secret, params).generate({ timestamp: timeMs });
}

/**
 * Checks `code` against `secret` at `timeMs`, allowing `window` steps of clock drift either way.
 * Answers the time step the code belongs to (to refuse its reuse), or `null` when it does not match.
 */
export function verifyTotp(
  secret: string,
  code: string,
  timeMs: number,
  options: { window?: number; params?: TotpParameters } = {},
): number | null {
  const params = options.params ?? TOTP_DEFAULTS;
  if (!new RegExp(`^\\d{${params.digits}}$`).test(code)) return null;
  const delta = totp(secret, params).validate({
    token: code,
    timestamp: timeMs,
    window: options.window ?? 1,
  });
  if (delta === null) return null;
  return Math.floor(timeMs / 1000 / params.period) + delta;
}
