#!/usr/bin/env node
import { runMigrateCli } from './cli/migrate-cli.js';

void runMigrateCli(process.argv.slice(2), {
  env: process.env,
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
}).then((code) => {
  process.exitCode = code;
});
