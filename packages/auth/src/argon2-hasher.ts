import { type PasswordHasher, parseInput } from '@truss/core';
import argon2 from 'argon2';
import { z } from 'zod';

/**
 * argon2id parameters. The defaults are OWASP's (Password Storage Cheat Sheet): 19 MiB of memory,
 * 2 iterations, 1 lane. Raising any of them makes stored hashes with lower values rehash at the next
 * successful login.
 */
export const argon2OptionsSchema = z.strictObject({
  /** Memory in KiB. Default 19456 (19 MiB); at least 19456. */
  memoryCost: z
    .number()
    .int()
    .min(19_456)
    .max(4 * 1024 * 1024)
    .default(19_456),
  /** Iterations. Default 2. */
  timeCost: z.number().int().min(2).max(100).default(2),
  /** Lanes. Default 1. */
  parallelism: z.number().int().min(1).max(16).default(1),
});

/** argon2id parameters; see {@link argon2OptionsSchema}. */
export type Argon2Options = z.input<typeof argon2OptionsSchema>;

/**
 * A {@link PasswordHasher} on argon2id (the `argon2` package: native, runs off the event loop).
 * `verify` never throws: a malformed hash is simply not valid.
 *
 * @example
 * ```ts
 * const hasher = createArgon2Hasher(); // OWASP parameters
 * const hash = await hasher.hash('correct horse battery staple');
 * await hasher.verify(hash, 'correct horse battery staple'); // { valid: true, needsRehash: false }
 * ```
 */
export function createArgon2Hasher(options: Argon2Options = {}): PasswordHasher {
  const params = Object.freeze(parseInput(argon2OptionsSchema, options, 'argon2 options'));
  const hashOptions = { type: argon2.argon2id, ...params } as const;
  return {
    hash: (password) => argon2.hash(password, hashOptions),
    async verify(hash, password) {
      let valid: boolean;
      try {
        valid = await argon2.verify(hash, password);
      } catch {
        return { valid: false, needsRehash: false };
      }
      return {
        valid,
        needsRehash: valid && (!hash.startsWith('$argon2id$') || argon2.needsRehash(hash, params)),
      };
    },
  };
}
