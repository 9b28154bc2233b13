import { describe, expect, it } from 'vitest';
import { createSecretBox, generateEncryptionKey } from './secret-box.js';

describe('createSecretBox', () => {
  const box = createSecretBox(generateEncryptionKey());

  it('round-trips, with a fresh nonce each time', () => {
    const a = box.seal('JBSWY3DPEHPK3PXP', 'user-1');
    const b = box.seal('JBSWY3DPEHPK3PXP', 'user-1');
    expect(a).not.toBe(b);
    expect(a).not.toContain('JBSWY3DPEHPK3PXP');
    expect(box.open(a, 'user-1')).toBe('JBSWY3DPEHPK3PXP');
  });

  it('refuses another context, another key, and any tampering', () => {
    const sealed = box.seal('secret', 'user-1');
    expect(() => box.open(sealed, 'user-2')).toThrow(expect.objectContaining({ code: 'internal_error' }));
    expect(() => createSecretBox(generateEncryptionKey()).open(sealed, 'user-1')).toThrow();
    const [v, iv, data, tag] = sealed.split('.') as [string, string, string, string];
    const flipped = Buffer.from(data, 'base64url');
    flipped[0] = (flipped[0] as number) ^ 1;
    expect(() => box.open([v, iv, flipped.toString('base64url'), tag].join('.'), 'user-1')).toThrow();
    expect(() => box.open('garbage', 'user-1')).toThrow(expect.objectContaining({ code: 'internal_error' }));
  });

  it('requires a 32-byte key', () => {
    expect(() => createSecretBox(Buffer.alloc(16).toString('base64'))).toThrow(
      expect.objectContaining({ code: 'validation_error' }),
    );
  });
});
