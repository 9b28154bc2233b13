#!/usr/bin/env node
// The `truss-reencrypt` command: runReencryptCli of `@truss/repos/cli` on this process.
import { runReencryptCli } from '../cli/index.js';

void runReencryptCli(process.argv.slice(2), {
  env: process.env,
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
}).then((code) => {
  process.exitCode = code;
});
