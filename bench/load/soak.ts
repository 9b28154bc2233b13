// Soak: a steady mix (reads and order creation) for BENCH_SOAK_SECONDS (default 600) on the
// reference server, sampling its resident memory and heap from its own /metrics every 10 s.
// Flat means the last minute's average is within 10% of the second minute's (the first is
// warm-up; a fifth of the run instead of a minute on runs shorter than five minutes) and a
// straight line through the samples after warm-up grows less than 5% over the run.
// Run: `npx -y pnpm@12.4.2 bench:soak` (BENCH_SOAK_SECONDS, BENCH_SOAK_CONNECTIONS default 100).
import { run } from './measure.ts';
import { scenario, settings } from './scenarios.ts';
import { seed } from './seed.ts';
import { benchKeys, prepareDatabase, startTruss } from './servers.ts';

const SECONDS = Number(process.env.BENCH_SOAK_SECONDS ?? 600);
const CONNECTIONS = Number(process.env.BENCH_SOAK_CONNECTIONS ?? 100);
const kind = settings.databases[0] ?? 'sqlite';
const say = (text: string) => process.stdout.write(`${text}\n`);
const MiB = 1024 * 1024;
// Warm-up and comparison windows: a minute each on a full run, a fifth of a shorter one.
const WINDOW = Math.min(60, SECONDS / 5);
const EVERY = Math.min(10, SECONDS / 30) * 1000;

async function sample(url: string) {
  const text = await (await fetch(`${url}/metrics`)).text();
  const value = (name: string) => Number(new RegExp(`^${name} (\\S+)`, 'm').exec(text)?.[1] ?? Number.NaN);
  return { rss: value('process_resident_memory_bytes'), heap: value('nodejs_heap_size_used_bytes') };
}

function slope(points: Array<[number, number]>): number {
  const n = points.length;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const num = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  const den = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  return den === 0 ? 0 : num / den;
}

const database = await prepareDatabase(kind);
const truss = await startTruss(database, await benchKeys());
const samples: Array<{ at: number; rss: number; heap: number }> = [];
try {
  const seeded = await seed(truss.url);
  const started = Date.now();
  say(`  … ${CONNECTIONS} connections of the mix for ${SECONDS} s`);
  const load = run({
    url: truss.url,
    connections: CONNECTIONS,
    seconds: SECONDS,
    requests: scenario('mix', seeded),
  });
  const timer = setInterval(async () => {
    samples.push({ at: (Date.now() - started) / 1000, ...(await sample(truss.url)) });
  }, EVERY);
  const result = await load;
  clearInterval(timer);
  const avg = (from: number, to: number, key: 'rss' | 'heap') => {
    const xs = samples.filter((s) => s.at >= from && s.at < to).map((s) => s[key]);
    return xs.reduce((a, b) => a + b, 0) / xs.length;
  };
  const out = [
    '',
    `## Soak: ${kind}, the mix, ${CONNECTIONS} connections for ${SECONDS} s`,
    '',
    `${result.requests} requests (${result.rps.toFixed(0)}/s), p95 ${result.p95.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms, ${result.errors} errors (${result.timeouts} of them timeouts), ${result.non2xx} non-2xx.`,
    '',
    '| at s | RSS MiB | heap used MiB |',
    '| ---: | ---: | ---: |',
    ...samples.map(
      (s) => `| ${s.at.toFixed(0)} | ${(s.rss / MiB).toFixed(1)} | ${(s.heap / MiB).toFixed(1)} |`,
    ),
    '',
  ];
  for (const key of ['rss', 'heap'] as const) {
    const early = avg(WINDOW, 2 * WINDOW, key);
    const late = avg(SECONDS - WINDOW, SECONDS + 1, key);
    const trend = slope(samples.filter((s) => s.at >= WINDOW).map((s) => [s.at, s[key]]));
    const growth = (trend * (SECONDS - WINDOW)) / early;
    const flat = Math.abs(late / early - 1) < 0.1 && growth < 0.05;
    out.push(
      `- ${key === 'rss' ? 'RSS' : 'Heap used'}: ${(early / MiB).toFixed(1)} MiB just after warm-up, ${(late / MiB).toFixed(1)} MiB at the end (×${(late / early).toFixed(2)}); trend ${(growth * 100).toFixed(1)}% over the run after warm-up: ${flat ? 'flat' : 'NOT flat'}.`,
    );
  }
  say(out.join('\n'));
} finally {
  await truss.stop();
  await database.drop();
}
