// The unanswered connections under 1,000 connections. autocannon opens its 1,000 connections at
// once. Node (libuv >= 1.45) accepts one connection per event-loop iteration (accept-rate.mjs),
// and an iteration of a busy server runs every ready request, so the burst waits in the kernel's
// accept queue; beyond the listen backlog (Node's default 511) the kernel drops handshakes
// (TcpExt ListenOverflows/ListenDrops) and those clients wait for SYN retransmissions (1 s, 3 s…).
// Runs fresh reference servers with LISTEN_BACKLOG=511 and 4096 (this machine's
// net.core.somaxconn, the ceiling), cold (their first burst) then warm, and prints timeouts,
// drops, the deepest accept queue and the connections first answered after more than a second.
// Run: `npx -y pnpm@12.4.2 bench:backlog` (BENCH_ROUNDS default 2, BENCH_SECONDS, BENCH_CONNECTIONS).
import { readFileSync } from 'node:fs';
import { HEADER, type RunResult, row, run } from './measure.ts';
import { scenario, settings, sleep } from './scenarios.ts';
import { seed } from './seed.ts';
import { benchKeys, prepareDatabase, startTruss } from './servers.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const BACKLOGS = ['511', '4096'];
const say = (text: string) => process.stdout.write(`${text}\n`);
const somaxconn = readFileSync('/proc/sys/net/core/somaxconn', 'utf8').trim();

const database = await prepareDatabase('sqlite');
const keys = await benchKeys();
// One after the other: two servers migrating one SQLite file at once would race.
const servers: Record<string, Awaited<ReturnType<typeof startTruss>>> = {};
for (const backlog of BACKLOGS)
  servers[backlog] = await startTruss(database, keys, { LISTEN_BACKLOG: backlog });
const rows: string[] = [];
try {
  const seeded = await seed(servers['511']?.url as string);
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? BACKLOGS : [...BACKLOGS].reverse();
    for (const backlog of order) {
      say(`  … backlog ${backlog} (round ${round + 1}/${ROUNDS})`);
      const r: RunResult = await run({
        url: servers[backlog]?.url as string,
        connections: settings.connections,
        seconds: settings.seconds,
        requests: scenario('products', seeded),
      });
      rows.push(
        row(`backlog ${backlog}, ${round === 0 ? 'cold (first burst)' : `warm (burst ${round + 1})`}`, r, [
          '',
        ]),
      );
      await sleep(3000);
    }
  }
} finally {
  await Promise.all(Object.values(servers).map((s) => s.stop()));
  await database.drop();
}
say(
  [
    '',
    `## Listen backlog: SQLite, GET /api/v1/products, ${settings.connections} connections opened at once, ${settings.seconds} s (net.core.somaxconn = ${somaxconn})`,
    '',
    ...HEADER,
    ...rows,
  ].join('\n'),
);
