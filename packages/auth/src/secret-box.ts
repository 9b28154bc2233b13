import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { TrussError } from '@truss/core';
import { loadOrCreateSecretFile } from './secret-file.js';

/** Seals small secrets (TOTP seeds) for storage with AES-256-GCM (spec §7.3). */
export interface SecretBox {
  /** Encrypts `plaintext`, bound to `context` (e.g. the user id): it opens only with the same context. */
  seal(plaintext: string, context: string): string;
  /** Decrypts what {@link SecretBox.seal} made; throws `internal_error` when it was tampered with. */
  open(sealed: string, context: string): string;
}

const VERSION = 'v1';

/**
 * A {@link SecretBox} over Node's AES-256-GCM with a random 96-bit nonce per seal and the context as
 * additional authenticated data. `key` is 32 bytes, raw or base64.
 *
 * @example
 * ```ts
 * const box = createSecretBox(process.env.DATA_ENCRYPTION_KEY!);
 * const sealed = box.seal(totpSecret, userId);
 * box.open(sealed, userId) === totpSecret; // true
 * ```
 */
export function createSecretBox(key: Uint8Array | string): SecretBox {
  const raw = typeof key === 'string' ? Buffer.from(key, 'base64') : Buffer.from(key);
  if (raw.length !== 32)
    throw new TrussError('validation_error', 'The encryption key must be 32 bytes (base64 of 32 bytes)');
  return {
    seal(plaintext, context) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', raw, iv);
      cipher.setAAD(Buffer.from(context));
      const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return [VERSION, iv, data, cipher.getAuthTag()]
        .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
        .join('.');
    },
    open(sealed, context) {
      const [version, iv, data, tag] = sealed.split('.');
      if (version !== VERSION || !iv || data === undefined || !tag) {
        throw new TrussError('internal_error', 'A sealed secret has an unknown format');
      }
      try {
        const decipher = createDecipheriv('aes-256-gcm', raw, Buffer.from(iv, 'base64url'));
        decipher.setAAD(Buffer.from(context));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString(
          'utf8',
        );
      } catch (cause) {
        throw new TrussError('internal_error', 'A sealed secret could not be opened', { cause });
      }
    },
  };
}

/** A new random 32-byte key, base64: for `DATA_ENCRYPTION_KEY`. */
export function generateEncryptionKey(): string {
  return randomBytes(32).toString('base64');
}

/**
 * Reads a base64 encryption key from a file, creating the file with a new key when it does not
 * exist. Meant for development: in production, pass a configured key.
 */
export async function loadOrCreateEncryptionKeyFile(
  path: string,
): Promise<{ key: string; created: boolean }> {
  const { value, created } = await loadOrCreateSecretFile(path, {
    parse: (text) => {
      const key = text.trim();
      createSecretBox(key); // throws for a key that is not 32 bytes
      return key;
    },
    create: generateEncryptionKey,
    serialize: (key) => `${key}\n`,
  });
  return { key: value, created };
}
