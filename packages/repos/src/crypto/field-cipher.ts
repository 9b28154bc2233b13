import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { type FieldCipher, TrussError } from '@truss/core';

/**
 * One data key of a {@link createFieldCipher} ring: an id (1–32 of `A–Z a–z 0–9 _ -`), stored
 * with every value it seals, and 32 random bytes (raw, or base64 / base64url, padded or not).
 *
 * @example
 * ```ts
 * const key: DataKey = { id: '2026-12', key: crypto.randomBytes(32).toString('base64') };
 * ```
 */
export interface DataKey {
  id: string;
  key: Uint8Array | string;
}

const FORMAT = 'p1';
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
const BASE64_32_BYTES = /^[A-Za-z0-9+/]{43}$/;
const SEAL_INFO = 'truss/pii/aes-256-gcm/v1';
const INDEX_INFO = 'truss/pii/blind-index/hmac-sha256/v1';

function keyBytes(key: Uint8Array | string, id: string): Buffer {
  if (typeof key !== 'string') {
    if (key.length !== 32) throw new TrussError('validation_error', `Data key "${id}" must be 32 bytes`);
    return Buffer.from(key);
  }
  // Base64 or base64url, padded or not: exactly the 43 characters of 32 bytes, in canonical form.
  const text = key.trim().replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
  const raw = Buffer.from(text, 'base64');
  if (
    !BASE64_32_BYTES.test(text) ||
    raw.length !== 32 ||
    raw.toString('base64').replace(/=+$/, '') !== text
  ) {
    throw new TrussError('validation_error', `Data key "${id}" must be the base64 of 32 bytes`);
  }
  return raw;
}

function derive(key: Buffer, info: string): Buffer {
  return Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), info, 32));
}

interface RingKey {
  id: string;
  sealKey: Buffer;
  indexKey: Buffer;
}

function toRing(keys: readonly DataKey[]): RingKey[] {
  if (!Array.isArray(keys) || keys.length === 0) {
    throw new TrussError('validation_error', 'A field cipher needs at least one data key');
  }
  const seen = new Set<string>();
  const material = new Set<string>();
  return keys.map(({ id, key }) => {
    if (typeof id !== 'string' || !KEY_ID.test(id)) {
      throw new TrussError('validation_error', `A data key id must be 1-32 of A-Z a-z 0-9 _ - (got "${id}")`);
    }
    if (seen.has(id)) throw new TrussError('validation_error', `The data key id "${id}" appears twice`);
    seen.add(id);
    const raw = keyBytes(key, id);
    const hex = raw.toString('hex');
    if (material.has(hex)) throw new TrussError('validation_error', `Data key "${id}" repeats another key`);
    material.add(hex);
    return { id, sealKey: derive(raw, SEAL_INFO), indexKey: derive(raw, INDEX_INFO) };
  });
}

/**
 * A {@link FieldCipher} on Node's AES-256-GCM and HMAC-SHA256, over a ring of data keys: the first
 * is current (new values are sealed and indexed under it), the others still open and match what
 * they sealed. Each data key is stretched with HKDF-SHA256 into two keys, one for AES-256-GCM and
 * one for the blind index, so the index key is never the encryption key. A sealed value is
 * `p1.<key id>.<nonce>.<ciphertext>.<tag>` (base64url parts, a random 96-bit nonce per value), with
 * the context as additional authenticated data. Keys are checked at once: a malformed or repeated
 * key or id is a `validation_error` `TrussError`.
 *
 * @example
 * ```ts
 * const cipher = createFieldCipher([
 *   { id: '2026-12', key: process.env.NEW_KEY! }, // current
 *   { id: '2026-06', key: process.env.OLD_KEY! }, // still opens older values
 * ]);
 * const sealed = cipher.seal('Ada', `users.first_name:${userId}`);
 * cipher.open(sealed, `users.first_name:${userId}`); // 'Ada'
 * ```
 */
export function createFieldCipher(keys: readonly DataKey[]): FieldCipher {
  const ring = toRing(keys);
  const byId = new Map(ring.map((k) => [k.id, k]));
  const current = ring[0] as RingKey;
  const hmac = (key: RingKey, text: string) =>
    createHmac('sha256', key.indexKey).update(text, 'utf8').digest('base64url');
  const parts = (sealed: string) => {
    if (typeof sealed !== 'string') return null;
    const [format, id, iv, data, tag, ...rest] = sealed.split('.');
    if (
      format !== FORMAT ||
      rest.length > 0 ||
      !id ||
      !KEY_ID.test(id) ||
      !iv ||
      data === undefined ||
      !tag
    ) {
      return null;
    }
    return { id, iv, data, tag };
  };
  return {
    currentKeyId: current.id,
    keyIds: ring.map((k) => k.id),
    seal(text, context) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', current.sealKey, iv);
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const data = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
      return [
        FORMAT,
        current.id,
        iv.toString('base64url'),
        data.toString('base64url'),
        cipher.getAuthTag().toString('base64url'),
      ].join('.');
    },
    open(sealed, context) {
      const p = parts(sealed);
      if (!p) throw new TrussError('internal_error', 'A stored value is not sealed personal data');
      const key = byId.get(p.id);
      if (!key) {
        throw new TrussError(
          'internal_error',
          `A stored value is sealed under data key "${p.id}", which is not configured`,
        );
      }
      try {
        const decipher = createDecipheriv('aes-256-gcm', key.sealKey, Buffer.from(p.iv, 'base64url'));
        decipher.setAAD(Buffer.from(context, 'utf8'));
        decipher.setAuthTag(Buffer.from(p.tag, 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(p.data, 'base64url')), decipher.final()]).toString(
          'utf8',
        );
      } catch (cause) {
        throw new TrussError('internal_error', 'A stored value could not be opened', { cause });
      }
    },
    keyIdOf(sealed) {
      return parts(sealed)?.id ?? null;
    },
    blindIndex(text) {
      return hmac(current, text);
    },
    blindIndexes(text) {
      return ring.map((key) => hmac(key, text));
    },
  };
}

/**
 * Reads a data key ring as `DATA_ENCRYPTION_KEYS` holds it: `id:base64key` entries separated by
 * commas, the first one current (the newest). Whitespace around entries is ignored. Anything else
 * — an empty list, an entry without an id, a key that is not the base64 of 32 bytes, a repeated id
 * or key — is a `validation_error` `TrussError` naming the entry (never the key).
 *
 * @example
 * ```ts
 * const keys = parseDataKeys('2026-12:q2Vh…=,2026-06:8zXk…=');
 * const cipher = createFieldCipher(keys);
 * cipher.currentKeyId; // '2026-12'
 * ```
 */
export function parseDataKeys(text: string): DataKey[] {
  if (typeof text !== 'string' || text.trim() === '') {
    throw new TrussError('validation_error', 'The data key list is empty');
  }
  const keys = text.split(',').map((entry, index) => {
    const trimmed = entry.trim();
    const colon = trimmed.indexOf(':');
    if (colon <= 0) {
      throw new TrussError('validation_error', `Data key entry ${index + 1} must be "id:base64key"`);
    }
    return { id: trimmed.slice(0, colon), key: trimmed.slice(colon + 1) };
  });
  toRing(keys); // validates ids, lengths and repeats
  return keys;
}

/**
 * A new data key for a ring: 32 random bytes, base64.
 *
 * @example
 * ```ts
 * const entry = `2026-12:${generateDataKey()}`; // prepend to DATA_ENCRYPTION_KEYS
 * ```
 */
export function generateDataKey(): string {
  return randomBytes(32).toString('base64');
}

/**
 * The id a single, unnamed data key gets (`DATA_ENCRYPTION_KEY` of the reference server): to start
 * rotating, list it under this id after the new key, e.g. `DATA_ENCRYPTION_KEYS=k2:<new>,default:<old>`.
 *
 * @example
 * ```ts
 * createFieldCipher([{ id: SINGLE_KEY_ID, key: process.env.DATA_ENCRYPTION_KEY! }]);
 * ```
 */
export const SINGLE_KEY_ID = 'default';
