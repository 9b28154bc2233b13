// Re-seals every user's email and names under the current data key (`npm run reencrypt` from the
// repository root, the directory `npm start` runs in): the reference server's configuration
// (DATABASE_URL, DATA_ENCRYPTION_KEYS, DATA_ENCRYPTION_KEY, DATA_KEY_FILE and their defaults) handed
// to `truss-reencrypt`. Flags: --batch-size <n>, --status.
import { runReencryptCli } from '@truss/repos/cli';
import { loadConfig } from './config.js';

const config = loadConfig(process.env);
const env = {
  DATABASE_URL: config.DATABASE_URL,
  DATA_KEY_FILE: config.DATA_KEY_FILE,
  DATA_ENCRYPTION_KEY: config.DATA_ENCRYPTION_KEY,
  DATA_ENCRYPTION_KEYS: process.env.DATA_ENCRYPTION_KEYS,
};
process.exitCode = await runReencryptCli(process.argv.slice(2), {
  env,
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
});
