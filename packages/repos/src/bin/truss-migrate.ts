#!/usr/bin/env node
// The `truss-migrate` command: runMigrateCli of `@truss/repos/cli` on this process.
import { runMigrateCli } from '../cli/index.js';

void runMigrateCli(process.argv.slice(2), {
  env: process.env,
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
}).then((code) => {
  process.exitCode = code;
});
