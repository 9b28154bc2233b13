#!/usr/bin/env node
import { runCreate } from './run-create.js';

runCreate(process.argv.slice(2), {
  input: process.stdin,
  output: process.stdout,
  error: process.stderr,
}).then((code) => {
  process.exitCode = code;
});
