import { spawnSync } from 'node:child_process';

/** The pnpm this repository pins (package.json `packageManager`), run through npx. */
export const PNPM = ['-y', 'pnpm@12.4.2'];

/** Runs `pnpm …args` in the repository root, inheriting stdio; exits the process when it fails. */
export function pnpm(args, options = {}) {
  const result = spawnSync('npx', [...PNPM, ...args], { stdio: 'inherit', ...options });
  if (result.status !== 0) {
    process.stderr.write(`\n✖ pnpm ${args.join(' ')} failed (exit ${result.status ?? result.signal}).\n`);
    process.exit(result.status ?? 1);
  }
}

/** Prints a step header so a long command shows where it is. */
export function step(n, total, text) {
  process.stdout.write(`\n[${n}/${total}] ${text}\n`);
}
