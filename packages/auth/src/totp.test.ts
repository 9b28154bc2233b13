import { describe, expect, it } from 'vitest';
import { type TotpParameters, totpCode, totpSecretFromBytes, totpUri, verifyTotp } from './totp.js';

// RFC 6238, Appendix B: the seeds are the ASCII digits repeated to the hash's length.
const seed = (length: number) => new TextEncoder().encode('1234567890'.repeat(7).slice(0, length));
const SECRETS = {
  SHA1: totpSecretFromBytes(seed(20)),
  SHA256: totpSecretFromBytes(seed(32)),
  SHA512: totpSecretFromBytes(seed(64)),
};
const VECTORS: Array<[number, string, keyof typeof SECRETS]> = [
  [59, '94287082', 'SHA1'],
  [59, '46119246', 'SHA256'],
  [59, '90693936', 'SHA512'],
  [1111111109, '07081804', 'SHA1'],
  [1111111109, '68084774', 'SHA256'],
  [1111111109, '25091201', 'SHA512'],
  [1111111111, '14050471', 'SHA1'],
  [1111111111, '67062674', 'SHA256'],
  [1111111111, '99943326', 'SHA512'],
  [1234567890, '89005924', 'SHA1'],
  [1234567890, '91819424', 'SHA256'],
  [1234567890, '93441116', 'SHA512'],
  [2000000000, '69279037', 'SHA1'],
  [2000000000, '90698825', 'SHA256'],
  [2000000000, '38618901', 'SHA512'],
  [20000000000, '65353130', 'SHA1'],
  [20000000000, '77737706', 'SHA256'],
  [20000000000, '47863826', 'SHA512'],
];

describe('TOTP (RFC 6238)', () => {
  it.each(VECTORS)('at T=%i gives %s with %s', (seconds, code, algorithm) => {
    const params: TotpParameters = { algorithm, digits: 8, period: 30 };
    expect(totpCode(SECRETS[algorithm], seconds * 1000, params)).toBe(code);
    expect(verifyTotp(SECRETS[algorithm], code, seconds * 1000, { params, window: 0 })).toBe(
      Math.floor(seconds / 30),
    );
  });

  it('accepts one step of drift either way and nothing further, answering the code’s own step', () => {
    const secret = SECRETS.SHA1;
    const now = 1_700_000_000_000;
    const step = Math.floor(now / 30_000);
    expect(verifyTotp(secret, totpCode(secret, now - 30_000), now)).toBe(step - 1);
    expect(verifyTotp(secret, totpCode(secret, now + 30_000), now)).toBe(step + 1);
    expect(verifyTotp(secret, totpCode(secret, now - 90_000), now)).toBeNull();
  });

  it('refuses malformed codes without computing anything', () => {
    for (const code of ['', '12345', '1234567', 'abcdef', ' 123456', '123456\n']) {
      expect(verifyTotp(SECRETS.SHA1, code, Date.now())).toBeNull();
    }
  });

  it('builds an otpauth URI with issuer and account', () => {
    const uri = totpUri({ secret: SECRETS.SHA1, issuer: 'Truss', account: 'ada@example.com' });
    expect(uri).toMatch(/^otpauth:\/\/totp\/Truss:ada%40example\.com\?/);
    expect(uri).toContain(`secret=${SECRETS.SHA1}`);
    expect(uri).toContain('issuer=Truss');
  });
});
