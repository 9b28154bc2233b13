import { type ChildProcess, spawn } from 'node:child_process';

/** npm settings the outer `npm test` / pnpm pass down that a user's shell would not have. */
const KEEP_NPM_CONFIG = new Set(['npm_config_nodedir', 'npm_config_cache', 'npm_config_registry']);

/**
 * The environment of a user's shell: this one without what npm, pnpm and vitest added for the
 * workspace's own run (its package, its local prefix, NODE_ENV=test, VITEST_*), keeping the
 * settings that say where things are on this machine (Node headers, npm cache, registry).
 */
export function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    const lower = key.toLowerCase();
    if (lower.startsWith('npm_') && !KEEP_NPM_CONFIG.has(lower)) continue;
    if (/^(vitest|pnpm)/i.test(key) || ['NODE_ENV', 'TEST', 'INIT_CWD', 'NODE_OPTIONS'].includes(key))
      continue;
    env[key] = value;
  }
  return {
    ...env,
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    npm_config_update_notifier: 'false',
    ...extra,
  };
}

/** The end of a long output, for a failure message. */
export function tail(output: string, lines = 80): string {
  return output.split('\n').slice(-lines).join('\n');
}

/** What a finished command printed (stdout and stderr, interleaved) and how it ended. */
export interface Finished {
  code: number | null;
  output: string;
}

/** Runs a command to its end; never throws for a non-zero exit (see {@link mustRun}). */
export function run(
  command: string,
  args: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, detached: true });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => {
      output += `\n[killed after ${options.timeoutMs} ms]\n`;
      killGroup(child, 'SIGKILL');
    }, options.timeoutMs ?? 300_000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** Runs a command and throws with the end of its output unless it exits with 0. */
export async function mustRun(
  command: string,
  args: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<string> {
  const { code, output } = await run(command, args, options);
  if (code !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${code}:\n${tail(output)}`);
  return output;
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (child.pid) process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

/** A server started by a command (`npm start`), running until {@link StartedServer.stop}. */
export interface StartedServer {
  /** The URL from its `listening on http://…` line. */
  url: string;
  /** Everything it printed so far. */
  output(): string;
  /** Waits until its output has a line `match` accepts; answers that line. */
  waitForLine(match: (line: string) => boolean, timeoutMs?: number): Promise<string>;
  /** SIGTERM to the command and its children; answers how the command ended. */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts a long-running command in a process group of its own and waits for the line that says
 * where it listens (`listening on http://host:port`). Fails with its output when it exits first or
 * takes longer than `timeoutMs`.
 */
export function startServer(
  command: string,
  args: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<StartedServer> {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, detached: true });
  let output = '';
  const waiters = new Set<() => void>();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const onData = (chunk: Buffer) => {
    output += chunk;
    for (const wake of waiters) wake();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  let gone = false;
  void exited.then(() => {
    gone = true;
    for (const wake of waiters) wake();
  });

  function waitForLine(match: (line: string) => boolean, timeoutMs = 30_000): Promise<string> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const line = output.split('\n').find(match);
        if (line !== undefined) return done(() => resolve(line));
        if (gone) done(() => reject(new Error(`${command} ${args.join(' ')} exited:\n${tail(output)}`)));
      };
      const timer = setTimeout(
        () => done(() => reject(new Error(`No such line within ${timeoutMs} ms:\n${tail(output)}`))),
        timeoutMs,
      );
      const done = (settle: () => void) => {
        clearTimeout(timer);
        waiters.delete(check);
        settle();
      };
      waiters.add(check);
      check();
    });
  }

  const stop = async () => {
    if (!gone) killGroup(child, 'SIGTERM');
    const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 15_000);
    const result = await exited;
    clearTimeout(timer);
    return result;
  };

  return waitForLine((line) => /listening on http:\/\/\S+/.test(line), options.timeoutMs ?? 180_000).then(
    (line) => {
      const url = /listening on (http:\/\/[^\s"]+)/.exec(line)?.[1] as string;
      return { url, output: () => output, waitForLine, stop };
    },
    async (error: unknown) => {
      await stop();
      throw error;
    },
  );
}
