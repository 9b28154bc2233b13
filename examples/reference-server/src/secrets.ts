import { loadOrCreateEncryptionKeyFile, loadOrCreateKeyFile } from '@truss/auth';
import type { Logger } from '@truss/core';
import { type DataKey, SINGLE_KEY_ID } from '@truss/repos';
import type { Config } from './config.js';

/** The JWT signing keys: `JWT_KEYS`, else development keys kept in `JWT_KEY_FILE` (with a warning). */
export async function signingKeys(config: Config, logger: Logger) {
  if (config.JWT_KEYS) return config.JWT_KEYS;
  const { keys, created } = await loadOrCreateKeyFile(config.JWT_KEY_FILE, config.JWT_ALGORITHM);
  logger.warn(
    { keyFile: config.JWT_KEY_FILE, created },
    `JWT_KEYS is not set: using development signing keys from ${config.JWT_KEY_FILE}. Set JWT_KEYS in production.`,
  );
  return keys;
}

/** The key that seals secrets at rest: `DATA_ENCRYPTION_KEY`, else a development key file (with a warning). */
export async function encryptionKey(config: Config, logger: Logger) {
  if (config.DATA_ENCRYPTION_KEY) return config.DATA_ENCRYPTION_KEY;
  const { key, created } = await loadOrCreateEncryptionKeyFile(config.DATA_KEY_FILE);
  logger.warn(
    { keyFile: config.DATA_KEY_FILE, created },
    `DATA_ENCRYPTION_KEY is not set: using a development key from ${config.DATA_KEY_FILE}. Set DATA_ENCRYPTION_KEY in production.`,
  );
  return key;
}

/**
 * The data key ring that seals users' emails and names (spec §7.3): `DATA_ENCRYPTION_KEYS` (the
 * first key current), else the single key of {@link encryptionKey} under the id `default`.
 */
export function personalDataKeys(config: Config, singleKey: string): DataKey[] {
  return config.DATA_ENCRYPTION_KEYS ?? [{ id: SINGLE_KEY_ID, key: singleKey }];
}
