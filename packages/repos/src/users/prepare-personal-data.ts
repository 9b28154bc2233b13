import { type FieldCipher, TrussError } from '@truss/core';
import type { TrussDatabase } from '../connect/create-database.js';
import type { RepositorySource } from '../executor/create-executor.js';
import { piiKeyUsage } from './pii-key-usage.js';
import { resealUsers } from './reseal-users.js';

/**
 * What a server runs before it serves with a field cipher. It refuses with an `internal_error`
 * naming the keys and how many users each holds when users are sealed under data keys missing from
 * `cipher` (they could not be read). Then it seals the users written in plaintext before personal
 * data was encrypted (an upgraded database), and answers how many. A rotation to a new key is
 * {@link resealUsers}'s job, run apart (`npm run reencrypt` in the reference server), not this.
 * `ringName` names the key ring in that message (the setting it comes from, say).
 *
 * @example
 * ```ts
 * const cipher = createFieldCipher(parseDataKeys(process.env.DATA_ENCRYPTION_KEYS!));
 * const { sealed } = await preparePersonalData(database, cipher);
 * if (sealed > 0) logger.info({ users: sealed }, 'sealed plaintext personal data');
 * ```
 */
export async function preparePersonalData(
  source: TrussDatabase | RepositorySource,
  cipher: FieldCipher,
  options: { ringName?: string } = {},
): Promise<{ sealed: number }> {
  const missing = (await piiKeyUsage(source)).filter(
    (usage) => usage.keyId !== null && !cipher.keyIds.includes(usage.keyId),
  );
  if (missing.length > 0) {
    const which = missing.map((usage) => `${usage.keyId} (${usage.users} users)`).join(', ');
    const ring = options.ringName ?? 'the key ring';
    throw new TrussError('internal_error', `Users are sealed under data keys missing from ${ring}: ${which}`);
  }
  return { sealed: await resealUsers(source, cipher, { scope: 'plaintext' }) };
}
