// Spike: a steady load, then ten times the connections for 30 s, then back; prints the steady
// connections' p95 per 5-second window and the recovery time (from the end of the spike to the
// end of the first window whose p95 is back within 1.5× the pre-spike value), for the reference
// server and the hand-written baseline.
// Run: `npx -y pnpm@12.4.2 bench:spike` (BENCH_SPIKE_BASE connections, default 100;
// BENCH_SPIKE_SECONDS, default 30; BENCH_DATABASES: the first is used).
import { failures, percentile, run } from './measure.ts';
import { scenario, settings, sleep } from './scenarios.ts';
import { withComparedServers } from './servers.ts';

const BASE = Number(process.env.BENCH_SPIKE_BASE ?? 100);
const SPIKE = Number(process.env.BENCH_SPIKE_SECONDS ?? 30);
const BEFORE = 30;
const AFTER = 60;
const WINDOW = 5_000;
const kind = settings.databases[0] ?? 'sqlite';
const say = (text: string) => process.stdout.write(`${text}\n`);

interface SpikeResult {
  windows: Array<{ at: number; p95: number; count: number }>;
  recoverySeconds: number | null;
  relapses: number;
  steady: Awaited<ReturnType<typeof run>>;
  spike: Awaited<ReturnType<typeof run>>;
  before: number;
}

async function spikeOn(url: string, requests: ReturnType<typeof scenario>): Promise<SpikeResult> {
  const buckets = new Map<number, number[]>();
  const steadyRun = run({
    url,
    connections: BASE,
    seconds: BEFORE + SPIKE + AFTER,
    requests,
    onResponse: (latency, at) => {
      const key = Math.floor(at / WINDOW);
      const bucket = buckets.get(key) ?? [];
      bucket.push(latency);
      buckets.set(key, bucket);
    },
  });
  await sleep(BEFORE * 1000);
  const spike = await run({ url, connections: BASE * 9, seconds: SPIKE, requests });
  const steady = await steadyRun;
  const windows = [...buckets.entries()]
    .sort(([a], [b]) => a - b)
    .map(([key, values]) => ({
      at: (key * WINDOW) / 1000,
      p95: percentile(Float64Array.from(values).sort(), 95),
      count: values.length,
    }));
  // Pre-spike reference: the windows after a 10 s warm-up and before the spike.
  const before = percentile(
    Float64Array.from(windows.filter((w) => w.at >= 10 && w.at < BEFORE).map((w) => w.p95)).sort(),
    50,
  );
  const spikeEnd = BEFORE + SPIKE;
  const after = windows.filter((w) => w.at >= spikeEnd);
  // Recovered: the first window after the spike back within 1.5× the pre-spike p95. Later windows
  // above it are counted apart (on a shared machine, other work causes lone slow windows).
  const threshold = before * 1.5;
  const back = after.findIndex((w) => w.p95 <= threshold);
  const recoverySeconds = back < 0 ? null : (after[back] as { at: number }).at + WINDOW / 1000 - spikeEnd;
  const relapses = back < 0 ? 0 : after.slice(back + 1).filter((w) => w.p95 > threshold).length;
  return { windows, recoverySeconds, relapses, steady, spike, before };
}

const results: Record<string, SpikeResult> = {};
await withComparedServers(kind, async ({ truss, baseline, seeded }) => {
  for (const [who, server] of [
    ['baseline', baseline],
    ['Truss', truss],
  ] as const) {
    say(`  … ${who}: ${BASE} connections, +${BASE * 9} for ${SPIKE} s after ${BEFORE} s, ${AFTER} s after`);
    results[who] = await spikeOn(server.url, scenario('products', seeded));
    await sleep(3000);
  }
});

const names = Object.keys(results);
const out = [
  '',
  `## Spike: ${kind}, GET /api/v1/products, ${BASE} → ${BASE * 10} connections for ${SPIKE} s`,
  '',
  `p95 (ms) of the ${BASE} steady connections per ${WINDOW / 1000}-second window (the spike runs from ${BEFORE} s to ${BEFORE + SPIKE} s):`,
  '',
  `| from s | ${names.join(' | ')} |`,
  `| ---: | ${names.map(() => '---:').join(' | ')} |`,
];
const first = results[names[0] as string];
for (const [i, w] of (first?.windows ?? []).entries()) {
  out.push(`| ${w.at} | ${names.map((n) => results[n]?.windows[i]?.p95.toFixed(1) ?? '–').join(' | ')} |`);
}
out.push('');
for (const name of names) {
  const r = results[name] as SpikeResult;
  out.push(
    `- ${name}: pre-spike p95 ${r.before.toFixed(1)} ms; spike connections p95 ${r.spike.p95.toFixed(0)} ms, ${failures(r.spike)} errors (timeouts included) or non-2xx; ` +
      `steady connections ${failures(r.steady)} errors or non-2xx; recovery ${r.recoverySeconds === null ? 'not within the run' : `within ${r.recoverySeconds} s of the spike's end (the first ${WINDOW / 1000}-second window back under 1.5× the pre-spike p95; ${r.relapses} later window(s) above it)`}.`,
  );
}
say(out.join('\n'));
