// Checks every built @truss package as it would be published: publint (package.json and files) and
// @arethetypeswrong/cli (types resolve for ESM and CJS consumers). Run after `pnpm build`.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const dirs = readdirSync('packages', { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => `packages/${d.name}`);
let failed = 0;
for (const dir of dirs) {
  for (const [tool, args] of [
    ['publint', ['publint', '--strict', '--pack', 'npm', dir]],
    ['attw', ['attw', '--pack', dir, '--profile', 'node16', '--format', 'table-flipped']],
  ]) {
    process.stdout.write(`\n— ${tool} ${dir}\n`);
    const result = spawnSync('npx', args, { stdio: 'inherit' });
    if (result.status !== 0) failed++;
  }
}
if (failed > 0) {
  process.stderr.write(`\n✖ ${failed} package check(s) failed.\n`);
  process.exit(1);
}
process.stdout.write(`\n✔ ${dirs.length} packages pass publint and attw.\n`);
