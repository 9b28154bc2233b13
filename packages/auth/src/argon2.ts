/**
 * The argon2id password hasher of Truss (OWASP parameters, rehash on login), on the native
 * `argon2` module: an entry of its own, so the rest of `@truss/auth` loads without it.
 *
 * @example
 * ```ts
 * import { createArgon2Hasher } from '@truss/auth/argon2';
 *
 * const hasher = createArgon2Hasher(); // 19 MiB, 2 iterations, 1 lane
 * ```
 *
 * @module @truss/auth/argon2
 */

export type { Argon2Options } from './argon2-hasher.js';
export { argon2OptionsSchema, createArgon2Hasher } from './argon2-hasher.js';
