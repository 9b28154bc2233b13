// `npm test`: installs the workspace if needed and runs every test project once. Suites whose
// services (PostgreSQL, MariaDB, Redis, RabbitMQ) are down are skipped and listed; with CI=true a
// missing service fails the run instead. Extra arguments go to vitest (e.g. `npm test -- --project http`).
import { spawnSync } from 'node:child_process';
import { pnpm, step } from './pnpm.mjs';

step(1, 2, 'Installing dependencies (pnpm, frozen lockfile)');
pnpm(['install', '--frozen-lockfile']);
step(2, 2, 'Running the test suite (vitest)');
const result = spawnSync('npx', ['vitest', 'run', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(result.status ?? 1);
