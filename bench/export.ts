// Export benchmark (issue 5): an export of 100k orders streams with bounded memory.
//
// 1. Seeds orders in bulk (multi-row inserts in one transaction) into a fresh database: first
//    SMALL orders, then up to LARGE.
// 2. Streams GET /api/v1/export/orders over loopback from the reference server (Fastify) in this
//    process, reading the body chunk by chunk and dropping it (a client that buffers would measure
//    itself). Memory is sampled every 20 ms.
// 3. Prints, for the small and the large export: the size of the export, the peak RSS and heap
//    growth over the baseline (the same process, after a GC, just before the export), the peak
//    live heap growth (read after a forced GC every 250 ms: garbage excluded), the heap
//    still held after a GC (what the export retained), and the slowest /healthz answered during the
//    export (server and both clients share this process's one event loop, so it is an upper bound).
//    Peak heap growth counts garbage not yet collected; RSS growth is what the process really took. Bounded memory means the growth stays flat while
//    the export grows ten times, and stays a small fraction of the export's size.
//
// Run: `npx -y pnpm@12.4.2 bench:export` (SQLite in a temp dir), or with BENCH_DATABASE_URL set to a
// postgres:// or mysql:// URL of an empty, disposable database.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSigningKey } from '@truss/auth';
import { silentLogger } from '@truss/core';
import { loadConfig, startServer } from '@truss/example-reference-server';
import { createDatabase, dialectOf, migrateToLatest, type TrussDatabase, toDbMoney } from '@truss/repos';
import { fmt, progress } from './lib.ts';

const SMALL = Number(process.env.BENCH_SMALL_ORDERS ?? 10_000);
const LARGE = Number(process.env.BENCH_ORDERS ?? 100_000);
const FORMAT = process.env.BENCH_FORMAT === 'ndjson' ? 'ndjson' : 'csv';
const ADMIN = { email: 'bench-admin@example.com', password: 'bench admin password' };
const MiB = 1024 * 1024;

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('Run with --expose-gc (the bench:export script does)');

/** Inserts orders `from`..`to` (one item each) for `userId` of `productId`, in chunks. */
async function seed(database: TrussDatabase, userId: string, productId: string, from: number, to: number) {
  const dialect = dialectOf(database.db);
  const start = Date.UTC(2026, 0, 1);
  const date = (i: number) => {
    const d = new Date(start + i * 1000);
    return dialect === 'sqlite' ? d.toISOString() : d;
  };
  const price = toDbMoney(dialect, '9.99');
  const CHUNK = 1000;
  await database.db.transaction().execute(async (trx) => {
    for (let i = from; i < to; i += CHUNK) {
      const ids = Array.from({ length: Math.min(CHUNK, to - i) }, (_, k) => [i + k, randomUUID()] as const);
      await trx
        .insertInto('orders')
        .values(
          ids.map(([n, id]) => ({
            id,
            user_id: userId,
            total: toDbMoney(dialect, `${(n % 5) + 1}.00`),
            status: 'pending',
            version: 1,
            created_at: date(n),
            updated_at: date(n),
          })),
        )
        .execute();
      await trx
        .insertInto('order_items')
        .values(
          ids.map(([n, id]) => ({
            id: randomUUID(),
            order_id: id,
            line_no: 1,
            product_id: productId,
            quantity: (n % 5) + 1,
            unit_price: price,
          })),
        )
        .execute();
    }
  });
}

interface Measured {
  orders: number;
  bytes: number;
  seconds: number;
  rssGrowth: number;
  heapGrowth: number;
  /** Peak reachable heap over the baseline, read after a forced GC every 250 ms. */
  liveGrowth: number;
  /** Heap still held after the export and a GC: what the export kept (should be ~0). */
  heapRetained: number;
  slowestHealthMs: number;
}

async function measureExport(url: string, token: string, orders: number): Promise<Measured> {
  gc?.();
  await new Promise((resolve) => setTimeout(resolve, 100));
  gc?.();
  const base = process.memoryUsage();
  let peakRss = base.rss;
  let peakHeap = base.heapUsed;
  let peakLive = base.heapUsed;
  const sampler = setInterval(() => {
    const now = process.memoryUsage();
    peakRss = Math.max(peakRss, now.rss);
    peakHeap = Math.max(peakHeap, now.heapUsed);
  }, 20);
  // Live heap: what is still reachable mid-export. A full GC every 250 ms, then a reading.
  const liveSampler = setInterval(() => {
    gc?.();
    peakLive = Math.max(peakLive, process.memoryUsage().heapUsed);
  }, 250);
  let slowestHealthMs = 0;
  let exporting = true;
  const health = (async () => {
    while (exporting) {
      const t0 = performance.now();
      await (await fetch(`${url}/healthz`)).arrayBuffer();
      slowestHealthMs = Math.max(slowestHealthMs, performance.now() - t0);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  const t0 = performance.now();
  const res = await fetch(`${url}/api/v1/export/orders?format=${FORMAT}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (res.status !== 200 || !res.body) throw new Error(`export answered ${res.status}`);
  let bytes = 0;
  let newlines = 0;
  for await (const chunk of res.body) {
    bytes += chunk.byteLength;
    for (const byte of chunk) if (byte === 10) newlines++;
  }
  const seconds = (performance.now() - t0) / 1000;
  exporting = false;
  await health;
  clearInterval(sampler);
  clearInterval(liveSampler);
  gc?.();
  const heapRetained = process.memoryUsage().heapUsed - base.heapUsed;
  const rows = FORMAT === 'csv' ? newlines - 1 : newlines;
  if (rows !== orders) throw new Error(`export held ${rows} orders, expected ${orders}`);
  return {
    orders,
    bytes,
    seconds,
    rssGrowth: peakRss - base.rss,
    heapGrowth: peakHeap - base.heapUsed,
    liveGrowth: peakLive - base.heapUsed,
    heapRetained,
    slowestHealthMs,
  };
}

const dir = await mkdtemp(join(tmpdir(), 'truss-bench-export-'));
const databaseUrl = process.env.BENCH_DATABASE_URL ?? `sqlite:${join(dir, 'export.db')}`;
const database = await createDatabase(databaseUrl);
const config = loadConfig({
  NODE_ENV: 'test',
  PORT: '0',
  LOG_LEVEL: 'silent',
  DATABASE_URL: databaseUrl,
  JWT_KEYS: JSON.stringify([await generateSigningKey('EdDSA')]),
  COOKIE_SECURE: 'false',
  ADMIN_EMAIL: ADMIN.email,
  ADMIN_PASSWORD: ADMIN.password,
});
let server: Awaited<ReturnType<typeof startServer>> | undefined;
try {
  await migrateToLatest(database.db);
  server = await startServer(config, silentLogger);
  const login = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  });
  const { access_token: token } = (await login.json()) as { access_token: string };
  const admin = await database.db
    .selectFrom('users')
    .select('id')
    .where('email', '=', ADMIN.email)
    .executeTakeFirstOrThrow();
  const productId = randomUUID();
  await database.db
    .insertInto('products')
    .values({
      id: productId,
      name: 'Bench',
      description: null,
      price: toDbMoney(dialectOf(database.db), '9.99'),
      stock: 0,
    })
    .execute();

  const results: Measured[] = [];
  let seeded = 0;
  for (const target of [SMALL, LARGE]) {
    const t0 = performance.now();
    await seed(database, admin.id, productId, seeded, target);
    progress(`seeded ${target - seeded} orders in ${fmt((performance.now() - t0) / 1000, 1)} s`);
    seeded = target;
    await measureExport(server.url, token, seeded); // warm-up: code paths, pools, JIT
    results.push(await measureExport(server.url, token, seeded));
  }

  console.log(
    `\nExport of orders as ${FORMAT} on ${dialectOf(database.db)} (memory growth over the same process just before the export):`,
  );
  console.table(
    results.map((r) => ({
      orders: r.orders,
      'export MiB': fmt(r.bytes / MiB, 1),
      seconds: fmt(r.seconds, 2),
      'orders/s': fmt(r.orders / r.seconds),
      'peak RSS growth MiB': fmt(r.rssGrowth / MiB, 1),
      'peak heap growth MiB': fmt(r.heapGrowth / MiB, 1),
      'peak live heap growth MiB': fmt(r.liveGrowth / MiB, 1),
      'RSS growth / export size': fmt(r.rssGrowth / r.bytes, 3),
      'heap retained after GC MiB': fmt(r.heapRetained / MiB, 1),
      'slowest /healthz ms': fmt(r.slowestHealthMs, 1),
    })),
  );
  const [small, large] = results as [Measured, Measured];
  const bounded =
    large.liveGrowth < Math.max(2 * small.liveGrowth, 8 * MiB) && large.liveGrowth < large.bytes / 2;
  console.log(
    `Export ${fmt(large.bytes / small.bytes, 1)}× larger; peak live heap growth ${fmt(large.liveGrowth / MiB, 1)} MiB vs ` +
      `${fmt(small.liveGrowth / MiB, 1)} MiB, ${fmt((100 * large.liveGrowth) / large.bytes)}% of the export: ` +
      `${bounded ? 'bounded' : 'NOT bounded'}. (Peak heap and RSS also count garbage V8 has not collected yet.)`,
  );
} finally {
  await server?.close();
  await database.destroy();
  await rm(dir, { recursive: true, force: true });
}
