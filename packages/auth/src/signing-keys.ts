import { parseInput } from '@truss/core';
import { exportJWK, generateKeyPair, generateSecret, type JWK } from 'jose';
import { z } from 'zod';
import { loadOrCreateSecretFile } from './secret-file.js';

/** Signing algorithms Truss issues access tokens with. EdDSA (Ed25519) is the default. */
export const SIGNING_ALGORITHMS = ['EdDSA', 'ES256', 'HS256'] as const;

/** One of {@link SIGNING_ALGORITHMS}. */
export type SigningAlgorithm = (typeof SIGNING_ALGORITHMS)[number];

/**
 * A signing key as a JWK that carries its private part (`d` for EdDSA/ES256, `k` for HS256), its
 * `kid` and its `alg`.
 */
export const signingKeySchema = z.looseObject({
  kid: z.string().min(1).max(128),
  alg: z.enum(SIGNING_ALGORITHMS),
  kty: z.enum(['OKP', 'EC', 'oct']),
});

/** A private signing key in JWK form; see {@link signingKeySchema}. */
export type SigningKey = JWK & { kid: string; alg: SigningAlgorithm; kty: 'OKP' | 'EC' | 'oct' };

/**
 * Generates a new signing key with a random `kid`.
 *
 * @example
 * ```ts
 * const key = await generateSigningKey('EdDSA');
 * process.env.JWT_KEYS = JSON.stringify([key]); // keep it secret
 * ```
 */
export async function generateSigningKey(alg: SigningAlgorithm = 'EdDSA'): Promise<SigningKey> {
  const kid = globalThis.crypto.randomUUID();
  if (alg === 'HS256') {
    const secret = await generateSecret('HS256', { extractable: true });
    return { ...(await exportJWK(secret)), kty: 'oct', kid, alg };
  }
  const { privateKey } = await generateKeyPair(alg, {
    extractable: true,
    ...(alg === 'EdDSA' && { crv: 'Ed25519' }),
  });
  return { ...(await exportJWK(privateKey)), kty: alg === 'EdDSA' ? 'OKP' : 'EC', kid, alg };
}

/**
 * Reads signing keys from a JSON file (an array of private JWKs), creating the file with one new
 * key when it does not exist. Meant for development: in production, pass configured keys.
 * Answers the keys and whether the file was created.
 */
export async function loadOrCreateKeyFile(
  path: string,
  alg: SigningAlgorithm = 'EdDSA',
): Promise<{ keys: SigningKey[]; created: boolean }> {
  const { value, created } = await loadOrCreateSecretFile<SigningKey[]>(path, {
    parse: (text) =>
      parseInput(z.array(signingKeySchema).min(1), JSON.parse(text), `key file ${path}`) as SigningKey[],
    create: async () => [await generateSigningKey(alg)],
    serialize: (keys) => `${JSON.stringify(keys, null, 2)}\n`,
  });
  return { keys: value, created };
}
