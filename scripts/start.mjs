// `npm start`: installs the workspace, builds it, and starts the reference server on its embedded
// defaults (SQLite file, in-memory cache and events). Extra arguments are ignored; configure with
// environment variables (see examples/reference-server/README.md).
import { spawn } from 'node:child_process';
import { pnpm, step } from './pnpm.mjs';

step(1, 3, 'Installing dependencies (pnpm, frozen lockfile; the first run compiles better-sqlite3, ~2 min)');
pnpm(['install', '--frozen-lockfile']);
step(2, 3, 'Building the packages, the web app (examples/web) and the reference server');
pnpm(['-r', 'run', 'build']);
step(3, 3, 'Starting the reference server (Ctrl+C stops it)');
// The server also serves the web app it just built at / (WEB_ROOT; set it empty to serve the API only).
const child = spawn(process.execPath, ['--enable-source-maps', 'examples/reference-server/dist/main.js'], {
  stdio: 'inherit',
  env: { WEB_ROOT: 'examples/web/dist', ...process.env },
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
