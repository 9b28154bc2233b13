// Stress: rising connections on one endpoint until errors appear or p95 passes 1 s; prints each
// step and the knee (the last step within both limits; and where throughput stops growing while
// latency does), for the reference server and the hand-written baseline on the same database.
// Run: `npx -y pnpm@12.4.2 bench:stress` (BENCH_STRESS_SCENARIO products|me, BENCH_STEP_SECONDS,
// BENCH_STRESS_STEPS comma-separated connection counts, BENCH_DATABASES: the first is used).
import { failures, HEADER, type RunResult, row, run } from './measure.ts';
import { type ScenarioName, scenario, settings, sleep } from './scenarios.ts';
import { withComparedServers } from './servers.ts';

const SECONDS = Number(process.env.BENCH_STEP_SECONDS ?? 10);
const STEPS = (process.env.BENCH_STRESS_STEPS ?? '50,100,200,400,800,1600,3200,6400').split(',').map(Number);
const NAME = (process.env.BENCH_STRESS_SCENARIO ?? 'products') as ScenarioName;
const kind = settings.databases[0] ?? 'sqlite';
const say = (text: string) => process.stdout.write(`${text}\n`);

const failed = (r: RunResult) => failures(r) > 0 || r.p95 > 1000;

function knee(steps: Array<[number, RunResult]>): string {
  const within = steps.filter(([, r]) => !failed(r));
  const limit = within.at(-1);
  const broke = steps.find(([, r]) => failed(r));
  // Saturation: the first step whose throughput grew < 5% over the previous one.
  let saturation: number | undefined;
  for (let i = 1; i < steps.length; i++) {
    const [connections, r] = steps[i] as [number, RunResult];
    const previous = (steps[i - 1] as [number, RunResult])[1];
    if (r.rps < previous.rps * 1.05) {
      saturation = (steps[i - 1] as [number, RunResult])[0];
      void connections;
      break;
    }
  }
  return [
    limit
      ? `within limits up to ${limit[0]} connections (p95 ${limit[1].p95.toFixed(0)} ms)`
      : 'over a limit from the first step',
    broke
      ? `broke at ${broke[0]} (${failures(broke[1])} errors (timeouts included) or non-2xx, p95 ${broke[1].p95.toFixed(0)} ms)`
      : 'did not break within the steps',
    saturation
      ? `throughput saturates from ${saturation} connections`
      : 'throughput still growing at the last step',
  ].join('; ');
}

const out: string[] = ['', `## Stress: ${kind}, ${NAME}, ${SECONDS} s per step`, ''];
await withComparedServers(kind, async ({ truss, baseline, seeded }) => {
  for (const [who, server] of [
    ['baseline', baseline],
    ['Truss', truss],
  ] as const) {
    const steps: Array<[number, RunResult]> = [];
    for (const connections of STEPS) {
      say(`  … ${who}: ${connections} connections`);
      const r = await run({
        url: server.url,
        connections,
        seconds: SECONDS,
        requests: scenario(NAME, seeded),
      });
      steps.push([connections, r]);
      await sleep(3000);
      if (failed(r)) break;
    }
    out.push(`### ${who}`, '', ...HEADER, ...steps.map(([c, r]) => row(`${c} connections`, r, [''])), '');
    out.push(`Knee (${who}): ${knee(steps)}.`, '');
  }
});
say(out.join('\n'));
