// Load (spec §8.1, §9.4): 1,000 connections on GET /api/v1/products, GET /api/v1/users/me and a mix
// with POST /api/v1/orders, on SQLite and PostgreSQL; the reference server and the hand-written
// baseline (baseline-server.ts) alternate on the same database, each pinned to CPU 0 while this
// process generates the load from CPU 1. Goal: reads p95 < 100 ms, zero errors.
// Run: `npx -y pnpm@12.4.2 bench:load` (BENCH_SECONDS, BENCH_CONNECTIONS, BENCH_DATABASES, BENCH_ROUNDS).
import { failures, HEADER, type RunResult, row, run, runSpread } from './measure.ts';
import { type ScenarioName, scenario, settings, sleep } from './scenarios.ts';
import { withComparedServers } from './servers.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 1);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3);
// The spec's "1,000 concurrent users" as users with think time: the connections together send this
// many requests a second (open loop), besides the runs where each sends as fast as it is answered.
const RATE = Number(process.env.BENCH_RATE ?? 2000);
const SCENARIOS: ScenarioName[] = ['products', 'me', 'mix'];
const lines: string[] = [];
const verdicts: string[] = [];
const say = (text: string) => {
  process.stdout.write(`${text}\n`);
};

for (const kind of settings.databases) {
  await withComparedServers(kind, async ({ truss, baseline, seeded }) => {
    // A short warm-up of each server (JIT, statement caches, pools): a cold process is slower to
    // accept a burst of connections (see backlog.ts); set BENCH_WARMUP=0 to measure it cold.
    for (const server of [truss, baseline]) {
      for (const name of SCENARIOS) {
        if (WARMUP > 0)
          await run({ url: server.url, connections: 50, seconds: WARMUP, requests: scenario(name, seeded) });
      }
    }
    lines.push(
      '',
      `### ${kind}: ${settings.connections} connections, ${settings.seconds} s per run`,
      '',
      ...HEADER,
    );
    for (const name of SCENARIOS) {
      for (const rate of [undefined, RATE]) {
        const results: Record<'baseline' | 'truss', RunResult[]> = { baseline: [], truss: [] };
        const how = rate ? `${rate} req/s spread` : 'as fast as answered';
        for (let round = 0; round < ROUNDS; round++) {
          const order = round % 2 === 0 ? (['baseline', 'truss'] as const) : (['truss', 'baseline'] as const);
          for (const who of order) {
            say(`  … ${kind} ${name}, ${how}: ${who} (round ${round + 1}/${ROUNDS})`);
            const url = who === 'truss' ? truss.url : baseline.url;
            const options = { url, connections: settings.connections, seconds: settings.seconds };
            const requests = scenario(name, seeded);
            results[who].push(
              await (rate ? runSpread({ ...options, requests, rate }) : run({ ...options, requests })),
            );
            await sleep(2000);
          }
        }
        const b = results.baseline.at(-1) as RunResult;
        const t = results.truss.at(-1) as RunResult;
        const ratio = `req/s ×${(t.rps / b.rps).toFixed(2)}, p95 ×${(t.p95 / b.p95).toFixed(2)}`;
        lines.push(row(`${name}, ${how} — baseline`, b, ['']), row(`${name}, ${how} — Truss`, t, [ratio]));
        const failed = failures(t);
        const readGoal =
          name === 'mix'
            ? ''
            : `p95 ${t.p95.toFixed(1)} ms ${t.p95 < 100 ? '< 100 ms: met' : '≥ 100 ms: NOT met'}; `;
        verdicts.push(
          `- ${kind} ${name}, ${how}: ${readGoal}${failed === 0 ? 'zero errors: met' : `${failed} errors (timeouts included) or non-2xx: NOT met`}`,
        );
      }
    }
  });
}

say(['', '## Load', ...lines, '', 'Goals (Truss):', ...verdicts].join('\n'));
