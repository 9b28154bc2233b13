import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { createFieldCipher, type DataKey, parseDataKeys, SINGLE_KEY_ID } from '../crypto/field-cipher.js';
import { piiKeyUsage } from '../users/pii-key-usage.js';
import { resealUsers } from '../users/reseal-users.js';
import { runDatabaseCommand } from './database-command.js';
import type { MigrateCliIo } from './migrate-cli.js';

const USAGE = `Usage: truss-reencrypt [--url <DATABASE_URL>] [--batch-size <n>] [--key-file <path>] [--status]

Seals every user's email and names under the current data key: rows written in plaintext and rows
sealed under an older key. Batched (one transaction per batch) and resumable: run it again after an
interruption and it continues. --status only counts the users under each key.

The keys are DATA_ENCRYPTION_KEYS (id:base64key,... the first current), else DATA_ENCRYPTION_KEY
(one key, id "${SINGLE_KEY_ID}"), else the key in --key-file / DATA_KEY_FILE. The database is --url,
else DATABASE_URL.`;

function parse(argv: readonly string[]) {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      url: { type: 'string' },
      'batch-size': { type: 'string' },
      'key-file': { type: 'string' },
      status: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (positionals.length > 0) throw new Error(`unexpected argument "${positionals.join(' ')}"`);
  const batchSize = values['batch-size'] === undefined ? 500 : Number(values['batch-size']);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) {
    throw new Error('--batch-size must be a whole number from 1 to 10000');
  }
  return { ...values, batchSize };
}

async function dataKeys(env: MigrateCliIo['env'], keyFile: string | undefined): Promise<DataKey[]> {
  if (env.DATA_ENCRYPTION_KEYS) return parseDataKeys(env.DATA_ENCRYPTION_KEYS);
  if (env.DATA_ENCRYPTION_KEY) return [{ id: SINGLE_KEY_ID, key: env.DATA_ENCRYPTION_KEY }];
  const path = keyFile ?? env.DATA_KEY_FILE;
  if (!path) throw new Error('no keys: set DATA_ENCRYPTION_KEYS (or DATA_ENCRYPTION_KEY, or --key-file)');
  return [{ id: SINGLE_KEY_ID, key: (await readFile(path, 'utf8')).trim() }];
}

/**
 * The re-encryption command (`truss-reencrypt`), as a function: re-seals every user's personal
 * data under the current data key with {@link resealUsers}, printing progress after each batch.
 * Answers the exit code: 0 done, 1 failed (the message says why; keys are never printed), 2 bad
 * arguments.
 *
 * @example
 * ```ts
 * import { runReencryptCli } from '@truss/repos/cli';
 *
 * process.exitCode = await runReencryptCli(['--batch-size', '1000'], {
 *   env: process.env, // DATABASE_URL, DATA_ENCRYPTION_KEYS
 *   stdout: (line) => console.log(line),
 *   stderr: (line) => console.error(line),
 * });
 * ```
 */
export function runReencryptCli(argv: readonly string[], io: MigrateCliIo): Promise<number> {
  const command = { name: 'truss-reencrypt', usage: USAGE, parse };
  return runDatabaseCommand(command, argv, io, async (database, args) => {
    const cipher = createFieldCipher(await dataKeys(io.env, args['key-file']));
    io.stdout(`Current key: ${cipher.currentKeyId} (ring: ${cipher.keyIds.join(', ')})`);
    const usage = await piiKeyUsage(database);
    for (const { keyId, users } of usage) io.stdout(`  ${keyId ?? '(plaintext)'}: ${users} users`);
    const unknown = usage.filter((u) => u.keyId !== null && !cipher.keyIds.includes(u.keyId));
    if (unknown.length > 0) {
      io.stderr(
        `truss-reencrypt: users are sealed under keys not in the ring: ${unknown.map((u) => u.keyId).join(', ')}`,
      );
      return 1;
    }
    if (args.status) return 0;
    const started = Date.now();
    const resealed = await resealUsers(database, cipher, {
      batchSize: args.batchSize,
      onProgress: ({ resealed, total }) => io.stdout(`Re-encrypted ${resealed}/${total}`),
    });
    io.stdout(
      resealed === 0
        ? `Nothing to do: every user is sealed under ${cipher.currentKeyId}.`
        : `Done: ${resealed} users re-encrypted under ${cipher.currentKeyId} in ${Date.now() - started} ms.`,
    );
    return 0;
  });
}
