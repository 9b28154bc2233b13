import { describe, expect, it } from 'vitest';
import { createFieldCipher, generateDataKey, parseDataKeys } from './field-cipher.js';

const A = generateDataKey();
const B = generateDataKey();

describe('createFieldCipher', () => {
  it('seals with AES-256-GCM under the current key and opens only in the same context', () => {
    const cipher = createFieldCipher([{ id: 'a', key: A }]);
    const sealed = cipher.seal('ada@example.com', 'users.email:1');
    expect(sealed).not.toContain('ada');
    expect(sealed.startsWith('p1.a.')).toBe(true);
    expect(cipher.keyIdOf(sealed)).toBe('a');
    expect(cipher.open(sealed, 'users.email:1')).toBe('ada@example.com');
    expect(cipher.seal('ada@example.com', 'users.email:1')).not.toBe(sealed); // a fresh nonce
    expect(() => cipher.open(sealed, 'users.email:2')).toThrow(
      expect.objectContaining({ code: 'internal_error' }),
    );
    expect(cipher.open(cipher.seal('Zoë 🙂', 'c'), 'c')).toBe('Zoë 🙂');
    expect(cipher.open(cipher.seal('', 'c'), 'c')).toBe('');
  });

  it('refuses a tampered value, a foreign format and a key it does not hold', () => {
    const cipher = createFieldCipher([{ id: 'a', key: A }]);
    const sealed = cipher.seal('Ada', 'ctx');
    const parts = sealed.split('.');
    const data = Buffer.from(parts[3] as string, 'base64url');
    data[0] = (data[0] as number) ^ 1;
    parts[3] = data.toString('base64url');
    expect(() => cipher.open(parts.join('.'), 'ctx')).toThrow(
      expect.objectContaining({ code: 'internal_error' }),
    );
    expect(() => cipher.open('ada@example.com', 'ctx')).toThrow(/not sealed/);
    expect(cipher.keyIdOf('ada@example.com')).toBeNull();
    const other = createFieldCipher([{ id: 'b', key: B }]);
    expect(() => other.open(sealed, 'ctx')).toThrow(/data key "a", which is not configured/);
  });

  it('opens values of every key in the ring and seals under the first', () => {
    const old = createFieldCipher([{ id: 'a', key: A }]);
    const ring = createFieldCipher([
      { id: 'b', key: B },
      { id: 'a', key: A },
    ]);
    expect(ring.currentKeyId).toBe('b');
    expect(ring.keyIds).toEqual(['b', 'a']);
    expect(ring.open(old.seal('Ada', 'ctx'), 'ctx')).toBe('Ada');
    expect(ring.keyIdOf(ring.seal('Ada', 'ctx'))).toBe('b');
  });

  it('gives a deterministic blind index per key, which is neither the text nor the ciphertext key', () => {
    const a = createFieldCipher([{ id: 'a', key: A }]);
    const ring = createFieldCipher([
      { id: 'b', key: B },
      { id: 'a', key: A },
    ]);
    const index = a.blindIndex('ada@example.com');
    expect(index).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a.blindIndex('ada@example.com')).toBe(index);
    expect(a.blindIndex('bob@example.com')).not.toBe(index);
    expect(ring.blindIndex('ada@example.com')).not.toBe(index);
    expect(ring.blindIndexes('ada@example.com')).toEqual([ring.blindIndex('ada@example.com'), index]);
  });

  it('validates keys precisely', () => {
    const bad = (keys: Parameters<typeof createFieldCipher>[0]) => () => createFieldCipher(keys);
    expect(bad([])).toThrow(/at least one/);
    expect(bad([{ id: 'a', key: Buffer.alloc(16).toString('base64') }])).toThrow(/base64 of 32 bytes/);
    expect(bad([{ id: 'a', key: `${A.slice(0, -2)}!=` }])).toThrow(/base64 of 32 bytes/);
    expect(bad([{ id: 'a b', key: A }])).toThrow(/key id/);
    expect(bad([{ id: 'x'.repeat(33), key: A }])).toThrow(/key id/);
    expect(
      bad([
        { id: 'a', key: A },
        { id: 'a', key: B },
      ]),
    ).toThrow(/appears twice/);
    expect(
      bad([
        { id: 'a', key: A },
        { id: 'b', key: A },
      ]),
    ).toThrow(/repeats another key/);
    expect(bad([{ id: 'a', key: new Uint8Array(31) }])).toThrow(/32 bytes/);
    expect(createFieldCipher([{ id: 'raw', key: new Uint8Array(32).fill(7) }]).currentKeyId).toBe('raw');
    // base64url and unpadded keys are the same key (DATA_ENCRYPTION_KEY accepted both before).
    const url = Buffer.from(A, 'base64').toString('base64url');
    const sealed = createFieldCipher([{ id: 'a', key: A }]).seal('x', 'c');
    expect(createFieldCipher([{ id: 'a', key: url }]).open(sealed, 'c')).toBe('x');
    expect(bad([{ id: 'a', key: `${url}A` }])).toThrow(/base64 of 32 bytes/);
    expect(bad([{ id: 'a', key: `${A} x` }])).toThrow(/base64 of 32 bytes/);
  });
});

describe('parseDataKeys', () => {
  it('reads id:base64 entries, the first current', () => {
    expect(parseDataKeys(` new:${B} , old:${A}`)).toEqual([
      { id: 'new', key: B },
      { id: 'old', key: A },
    ]);
  });

  it('refuses malformed lists without echoing a key', () => {
    for (const text of ['', ' ', A, `:${A}`, `a:${A},`, `a:${A},a:${B}`, 'a:c2hvcnQ=']) {
      let message = '';
      try {
        parseDataKeys(text);
      } catch (error) {
        message = (error as Error).message;
        expect(error).toMatchObject({ code: 'validation_error' });
      }
      expect(message).not.toBe('');
      expect(message).not.toContain(A);
    }
  });
});
