import argon2 from 'argon2';
import { describe, expect, it } from 'vitest';
import { createArgon2Hasher } from './argon2-hasher.js';

describe('createArgon2Hasher', () => {
  const hasher = createArgon2Hasher();

  it('hashes with argon2id at the OWASP parameters by default', async () => {
    const hash = await hasher.hash('correct horse battery staple');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  it('verifies the right password and refuses a wrong one', async () => {
    const hash = await hasher.hash('correct horse battery staple');
    expect(await hasher.verify(hash, 'correct horse battery staple')).toEqual({
      valid: true,
      needsRehash: false,
    });
    expect(await hasher.verify(hash, 'correct horse battery stapl')).toEqual({
      valid: false,
      needsRehash: false,
    });
  });

  it('answers not valid for a malformed hash instead of throwing', async () => {
    expect(await hasher.verify('not-a-hash', 'whatever')).toEqual({ valid: false, needsRehash: false });
    expect(await hasher.verify('', 'whatever')).toEqual({ valid: false, needsRehash: false });
  });

  it('flags a valid hash made with weaker parameters for rehash', async () => {
    const stronger = createArgon2Hasher({ timeCost: 3 });
    const weak = await hasher.hash('correct horse battery staple');
    expect(await stronger.verify(weak, 'correct horse battery staple')).toEqual({
      valid: true,
      needsRehash: true,
    });
    const argon2i = await argon2.hash('correct horse battery staple', {
      type: argon2.argon2i,
      memoryCost: 19456,
      timeCost: 2,
    });
    expect(await hasher.verify(argon2i, 'correct horse battery staple')).toEqual({
      valid: true,
      needsRehash: true,
    });
  });

  it('refuses parameters below the OWASP floor with a validation error', () => {
    expect(() => createArgon2Hasher({ memoryCost: 4096 })).toThrow(
      expect.objectContaining({ code: 'validation_error' }),
    );
    expect(() => createArgon2Hasher({ timeCost: 1 })).toThrow(
      expect.objectContaining({ code: 'validation_error' }),
    );
  });
});
