// Why does an authenticated GET /api/v1/users/me cost more PostgreSQL CPU through Truss than by
// hand? Runs /users/me on one scratch PostgreSQL database against the reference server and the
// hand-written Fastify + jose + kysely route (reading the view's seven columns; reading `select *`
// as the repository does; and the seven columns through a named prepared statement), alternating, and measures per request on the PostgreSQL side:
// the CPU time of the database's backend processes (/proc/<pid>/stat), transactions and tuples
// (pg_stat_database), and bytes sent to the client (rows × row width). Then logs every statement
// each server sends for a few requests (log_statement = 'all' on the scratch database only) and
// prints them. pg_stat_statements is not loaded on this shared server (that needs a restart).
// Run: `npx -y pnpm@12.4.2 bench:pg-cpu` (BENCH_ROUNDS default 3, BENCH_SECONDS default 10,
// BENCH_PG_CONNECTIONS default 50).
import { readFileSync, statSync } from 'node:fs';
import pg from 'pg';
import { run } from './measure.ts';
import { scenario, sleep } from './scenarios.ts';
import { seed } from './seed.ts';
import { benchKeys, prepareDatabase, type ServerProcess, startBaseline, startTruss } from './servers.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_PG_CONNECTIONS ?? 50);
const LOG = process.env.BENCH_PG_LOG ?? '/var/log/postgresql/postgresql-15-main.log';
const TICK_US = 1_000_000 / 100; // USER_HZ
const say = (text: string) => process.stdout.write(`${text}\n`);

const database = await prepareDatabase('postgres');
const name = database.name as string;
const admin = new pg.Client({ connectionString: database.url });
await admin.connect();

async function backends(): Promise<number[]> {
  const { rows } = await admin.query<{ pid: number }>(
    'select pid from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
    [name],
  );
  return rows.map((r) => r.pid);
}
function cpuTicks(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return Number(fields[11]) + Number(fields[12]); // utime + stime
  } catch {
    return 0;
  }
}
async function stats() {
  const { rows } = await admin.query(
    'select xact_commit + xact_rollback as xacts, tup_returned, tup_fetched from pg_stat_database where datname = $1',
    [name],
  );
  return rows[0] as { xacts: string; tup_returned: string; tup_fetched: string };
}

interface Sample {
  requests: number;
  cpuUsPerRequest: number;
  xactsPerRequest: number;
  tuplesFetchedPerRequest: number;
  rps: number;
}

async function measure(server: ServerProcess, requests: ReturnType<typeof scenario>): Promise<Sample> {
  await run({ url: server.url, connections: CONNECTIONS, seconds: 3, requests }); // warm the pool
  await sleep(600); // let the warm-up's statistics reach pg_stat_database first
  const pids = await backends();
  const before = new Map(pids.map((pid) => [pid, cpuTicks(pid)]));
  await admin.query('select pg_stat_clear_snapshot()');
  const s0 = await stats();
  const r = await run({ url: server.url, connections: CONNECTIONS, seconds: SECONDS, requests });
  // Backends alive at the end: this server's pool, and the other servers' idle pools (whose CPU does
  // not move). A backend that ended during the run (another pool's idle timeout) is left out: its
  // ticks can no longer be read.
  const after = await backends();
  let ticks = 0;
  for (const pid of after) ticks += cpuTicks(pid) - (before.get(pid) ?? 0);
  await sleep(600); // pg_stat_database is flushed by backends at most every 500 ms
  await admin.query('select pg_stat_clear_snapshot()');
  const s1 = await stats();
  const n = r.requests;
  return {
    requests: n,
    rps: r.rps,
    cpuUsPerRequest: (ticks * TICK_US) / n,
    xactsPerRequest: (Number(s1.xacts) - Number(s0.xacts)) / n,
    tuplesFetchedPerRequest: (Number(s1.tup_fetched) - Number(s0.tup_fetched)) / n,
  };
}

/** Statements PostgreSQL logged for this database since `offset` (bytes into the log). */
function statementsSince(offset: number): string[] {
  try {
    const text = readFileSync(LOG, 'utf8').slice(offset);
    return text
      .split('\n')
      .filter((l) => l.includes(`@${name} `) && /LOG: {2}(statement|execute)/.test(l))
      .map((l) => l.replace(/^.*LOG: {2}/, ''));
  } catch (error) {
    return [`(cannot read ${LOG}: ${(error as Error).message})`];
  }
}

const keys = await benchKeys();
let truss = await startTruss(database, keys);
let narrow = await startBaseline(database, keys);
let wide = await startBaseline(database, keys, { BASELINE_USER_COLUMNS: 'all' });
let named = await startBaseline(database, keys, { BASELINE_USER_COLUMNS: 'prepared' });
const servers = () => ({
  'Truss (reference server)': truss,
  'hand-written, 7 columns': narrow,
  'hand-written, select *': wide,
  'hand-written, 7 columns, named prepared statement': named,
});
const results: Record<string, Sample[]> = {};
try {
  const seeded = await seed(truss.url, 5);
  const requests = scenario('me', seeded);
  const { rows } = await admin.query(
    `select pg_column_size(u.*) as row_bytes,
            pg_column_size(row(id, email, first_name, last_name, role, created_at, updated_at)) as view_bytes
       from users u where email like 'bench-user-%'`,
  );
  for (let round = 0; round < ROUNDS; round++) {
    const entries = Object.entries(servers());
    for (const [label, server] of round % 2 ? entries.reverse() : entries) {
      say(`  … ${label} (round ${round + 1}/${ROUNDS})`);
      const samples = results[label] ?? [];
      results[label] = samples;
      samples.push(await measure(server, requests));
    }
  }

  // The statements each server sends, from PostgreSQL's own log.
  await admin.query(`alter database ${name} set log_statement = 'all'`);
  await Promise.all([truss.stop(), narrow.stop(), wide.stop(), named.stop()]);
  truss = await startTruss(database, keys);
  narrow = await startBaseline(database, keys);
  wide = await startBaseline(database, keys, { BASELINE_USER_COLUMNS: 'all' });
  named = await startBaseline(database, keys, { BASELINE_USER_COLUMNS: 'prepared' });
  const logged: Record<string, string[]> = {};
  for (const [label, server] of Object.entries(servers())) {
    const offset = statSync(LOG).size;
    for (let i = 0; i < 3; i++) {
      await fetch(`${server.url}/api/v1/users/me`, { headers: { authorization: `Bearer ${seeded.token}` } });
    }
    await sleep(300);
    logged[label] = statementsSince(offset);
  }
  await admin.query(`alter database ${name} reset log_statement`);

  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
  const base = median((results['hand-written, 7 columns'] ?? []).map((s) => s.cpuUsPerRequest));
  const out = [
    '',
    `## PostgreSQL CPU per authenticated GET /api/v1/users/me (${CONNECTIONS} connections, ${SECONDS} s × ${ROUNDS} rounds, medians)`,
    '',
    '| server | req/s | PG backend CPU µs/request | vs hand-written | transactions/request | tuples fetched/request |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const [label, samples] of Object.entries(results)) {
    const cpu = median(samples.map((s) => s.cpuUsPerRequest));
    out.push(
      `| ${label} | ${median(samples.map((s) => s.rps)).toFixed(0)} | ${cpu.toFixed(1)} | ×${(cpu / base).toFixed(2)} | ${median(samples.map((s) => s.xactsPerRequest)).toFixed(2)} | ${median(samples.map((s) => s.tuplesFetchedPerRequest)).toFixed(2)} |`,
    );
  }
  out.push(
    '',
    `Row size of the user: ${rows[0]?.row_bytes} bytes for \`select *\`, ${rows[0]?.view_bytes} bytes for the view's seven columns.`,
    '',
  );
  for (const [label, statements] of Object.entries(logged)) {
    out.push(`Statements logged for 3 requests — ${label}:`, '', '```', ...statements, '```', '');
  }
  say(out.join('\n'));
} finally {
  await Promise.all([truss.stop(), narrow.stop(), wide.stop(), named.stop()]);
  await admin.end();
  await database.drop();
}
