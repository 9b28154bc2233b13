// What `npm start` remembers between runs, in .truss/: a stamp of the inputs of the install and of
// the build (so an unchanged checkout skips both), and a lock so that starts running at once take
// turns at installing and building instead of racing on node_modules and dist/.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const STATE_DIR = '.truss';
const STAMP = join(STATE_DIR, 'start-stamp.json');
const LOCK = join(STATE_DIR, 'start.lock');

const SKIP = new Set(['node_modules', 'dist', 'test', 'coverage', '.turbo']);

/** Files under `dir` (recursively, skipping build output, tests and dependencies), sorted. */
function filesUnder(dir) {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(entry.name) || entry.name.endsWith('.test.ts')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(path));
    else if (entry.isFile()) out.push(path);
  }
  return out.sort();
}

function hashFiles(files) {
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(file);
    hash.update('\0');
    hash.update(existsSync(file) ? readFileSync(file) : '<missing>');
    hash.update('\0');
  }
  return hash.digest('hex');
}

const workspaceDirs = () =>
  ['packages', 'examples'].flatMap((top) =>
    readdirSync(top, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => join(top, entry.name)),
  );

/** What the install depends on: the lockfile, the workspace file, every package.json, and Node's version. */
export function installInputs() {
  const manifests = [
    'package.json',
    'bench/package.json',
    ...workspaceDirs().map((dir) => join(dir, 'package.json')),
  ];
  return `${process.version}:${hashFiles(['pnpm-lock.yaml', 'pnpm-workspace.yaml', ...manifests.filter(existsSync)])}`;
}

/** What the build depends on: every package's sources and build settings, and the install. */
export function buildInputs() {
  const files = ['tsconfig.base.json', 'tsup.base.ts', 'pnpm-lock.yaml'];
  for (const dir of workspaceDirs()) {
    files.push(
      ...['package.json', 'tsconfig.json', 'tsup.config.ts', 'vite.config.ts', 'index.html']
        .map((f) => join(dir, f))
        .filter(existsSync),
    );
    files.push(...filesUnder(join(dir, 'src')), ...filesUnder(join(dir, 'public')));
  }
  return hashFiles(files);
}

/** The stamp of the last successful install and build. */
export function readStamp() {
  try {
    return JSON.parse(readFileSync(STAMP, 'utf8'));
  } catch {
    return {};
  }
}

export function writeStamp(stamp) {
  mkdirSync(STATE_DIR, { recursive: true });
  writeFileSync(STAMP, `${JSON.stringify(stamp, null, 2)}\n`);
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/**
 * Takes the start lock (a directory: creating one is atomic), waiting while another live start
 * holds it; a lock left by a process that died is taken over. Calls `onWait(pid)` once when it
 * has to wait. Answers the function that releases it.
 */
export async function acquireLock(onWait, timeoutMs = 15 * 60_000) {
  mkdirSync(STATE_DIR, { recursive: true });
  const started = Date.now();
  let told = false;
  for (;;) {
    try {
      mkdirSync(LOCK);
      writeFileSync(join(LOCK, 'pid'), String(process.pid));
      const release = () => rmSync(LOCK, { recursive: true, force: true });
      process.once('exit', release);
      return () => {
        process.off('exit', release);
        release();
      };
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
    }
    let holder = Number.NaN;
    try {
      holder = Number(readFileSync(join(LOCK, 'pid'), 'utf8'));
    } catch {
      // the holder is between mkdir and writing its pid, or just released it
    }
    const age = (() => {
      try {
        return Date.now() - statSync(LOCK).mtimeMs;
      } catch {
        return 0;
      }
    })();
    if ((Number.isInteger(holder) && !alive(holder)) || (Number.isNaN(holder) && age > 10_000)) {
      rmSync(LOCK, { recursive: true, force: true });
      continue;
    }
    if (!told) {
      onWait(holder);
      told = true;
    }
    if (Date.now() - started > timeoutMs) throw new Error(`another npm start (pid ${holder}) holds ${LOCK}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
