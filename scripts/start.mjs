// `npm start`: installs the workspace and builds the reference server when their inputs changed
// since the last start (a stamp in .truss/), then runs the server in this process on its embedded
// defaults (SQLite file, in-memory cache and events). One line per step; a step's output is shown
// only when it fails (and kept in .truss/<step>.log). Starts running at once take turns, each
// holding a lock from its install until its server listens; when PORT is not set and 3000 is taken
// (another start), the server takes a free port. Configure with environment variables (see examples/reference-server/README.md).
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PNPM } from './pnpm.mjs';
import { acquireLock, buildInputs, installInputs, readStamp, STATE_DIR, writeStamp } from './start-state.mjs';

const say = (text) => process.stdout.write(`${text}\n`);
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

/** Runs `npx pnpm …args` with its output captured; on failure prints it and exits. */
function pnpmQuietly(name, args) {
  return new Promise((resolve) => {
    const child = spawn('npx', [...PNPM, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks = [];
    child.stdout.on('data', (c) => chunks.push(c));
    child.stderr.on('data', (c) => chunks.push(c));
    child.on('close', (code, signal) => {
      const output = Buffer.concat(chunks).toString();
      writeFileSync(join(STATE_DIR, `${name}.log`), output);
      if (code === 0) return resolve();
      process.stdout.write(`\n${output}\n`);
      process.stderr.write(
        `✖ pnpm ${args.join(' ')} failed (exit ${code ?? signal}); its output is above and in ${STATE_DIR}/${name}.log\n`,
      );
      process.exit(code ?? 1);
    });
  });
}

async function step(n, label, doing, needed, run) {
  const started = Date.now();
  if (!needed) {
    say(`[${n}/3] ${label}: up to date`);
    return;
  }
  process.stdout.write(`[${n}/3] ${label}: ${doing}… `);
  await run();
  say(`done in ${seconds(Date.now() - started)}`);
}

function portIsFree(port, host) {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve(true)));
  });
}

const release = await acquireLock((pid) =>
  say(`… another npm start (pid ${pid}) is installing or building in this checkout: waiting for it`),
);
try {
  const stamp = readStamp();
  const install = installInputs();
  const installing = 'pnpm install --frozen-lockfile (the first one compiles better-sqlite3, ~2 min)';
  await step(1, 'Dependencies', installing, stamp.install !== install, async () => {
    await pnpmQuietly('install', ['install', '--frozen-lockfile']);
    writeStamp({ ...stamp, install, build: undefined });
  });
  const build = buildInputs();
  const building = 'building the packages the reference server uses and the web app';
  await step(2, 'Build', building, readStamp().build !== build, async () => {
    await pnpmQuietly('build', [
      '--filter',
      '@truss/example-reference-server...',
      '--filter',
      '@truss/example-web...',
      'run',
      'build',
    ]);
    writeStamp({ ...readStamp(), install, build });
  });
} catch (error) {
  release();
  throw error;
}

// Without PORT, the first start takes 3000 and any other a free port. The lock is kept until this
// server listens (or fails), so a start waiting for it neither races it for the port nor runs the
// database migrations at the same time.
const host = process.env.HOST || '127.0.0.1';
if (!process.env.PORT && !(await portIsFree(3000, host))) {
  say('    port 3000 is in use (another npm start?): this server takes a free port (set PORT to choose one)');
  process.env.PORT = '0';
}
say('[3/3] Starting the reference server (Ctrl+C stops it)');
// `npm start` is for development: its defaults (development keys in .data/, the test payment
// provider, email written to .data/mail) apply only when development is asked for; the server's
// own default is production.
process.env.NODE_ENV ||= 'development';
// The server also serves the web app it just built at / (WEB_ROOT; set it empty to serve the API only).
process.env.WEB_ROOT ??= 'examples/web/dist';
process.setSourceMapsEnabled(true);
await import(pathToFileURL('examples/reference-server/dist/main.js').href);
const deadline = Date.now() + 120_000;
while (!process.getActiveResourcesInfo().includes('TCPServerWrap') && Date.now() < deadline) {
  await new Promise((resolve) => setTimeout(resolve, 50));
}
// The handle exists before its address is bound: a start waiting for the lock must find 3000 taken.
while (!process.env.PORT && (await portIsFree(3000, host)) && Date.now() < deadline) {
  await new Promise((resolve) => setTimeout(resolve, 50));
}
release();
