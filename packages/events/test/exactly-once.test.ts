import { type ChildProcess, spawn } from 'node:child_process';
import { randomInt, randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createDatabase, migrateToLatest, type TrussDatabase } from '@truss/repos';
import { createTestDatabase, describeWithServices, serviceUrl, type TestDatabase } from '@truss/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';

// The worker processes run the built packages: `pnpm --filter @truss/events... run build` first.

// The "done when": 10,000 events published while a consumer process and a relay process are
// each killed (SIGKILL) and restarted arrive with the effect applied exactly once; a poison message
// ends in the dead letters after its retries. On the memory transport relay and consumer share one
// process (in-process delivery cannot cross processes), which is killed twice.

const SCRIPT = fileURLToPath(new URL('./exactly-once/worker-process.mjs', import.meta.url));
const EVENTS = 10_000;
const BATCH = 500;
const KEYS = Array.from({ length: 100 }, () => randomUUID());

type Kind = 'memory' | 'redis' | 'amqp';

interface Worker {
  child: ChildProcess;
  dead: Set<string>;
}

function startWorker(role: string, env: Record<string, string>): Promise<Worker> {
  const child = spawn(process.execPath, [SCRIPT, role], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const dead = new Set<string>();
  return new Promise((resolve, reject) => {
    let buffered = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        if (line === 'ready') resolve({ child, dead });
        if (line.startsWith('dead ')) dead.add(line.slice(5));
      }
    });
    child.once('exit', (code, signal) =>
      reject(new Error(`${role} exited (${code ?? signal}) before it was ready`)),
    );
  });
}

function kill(worker: Worker): Promise<void> {
  return new Promise((resolve) => {
    if (worker.child.exitCode !== null || worker.child.signalCode !== null) return resolve();
    worker.child.once('exit', () => resolve());
    worker.child.kill('SIGKILL');
  });
}

async function waitFor<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs: number,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > end) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function exactlyOnce(kind: Kind, transportUrl: string) {
  let testDb: TestDatabase;
  let database: TrussDatabase;
  const workers: Worker[] = [];

  beforeAll(async () => {
    testDb = await createTestDatabase('postgres');
    database = await createDatabase(testDb.url);
    await migrateToLatest(database.db);
    await sql`create table test_processed (consumer text not null, event_id uuid not null, primary key (consumer, event_id))`.execute(
      database.db,
    );
    await sql`create table test_totals (id int primary key, total bigint not null, processed int not null)`.execute(
      database.db,
    );
    await sql`insert into test_totals values (1, 0, 0)`.execute(database.db);
  });
  afterAll(async () => {
    await Promise.all(workers.map(kill));
    await database?.destroy();
    await testDb?.drop();
  });

  it(`${kind}: 10,000 events through SIGKILLed consumer and relay processes, each effect applied once; poison dead-lettered`, async () => {
    const env = {
      DATABASE_URL: testDb.url,
      TRANSPORT: kind,
      TRANSPORT_URL: transportUrl,
      PREFIX: kind === 'amqp' ? `truss-test.${randomUUID()}` : `truss-test:events:${randomUUID()}`,
    };
    const start = async (role: string) => {
      const worker = await startWorker(role, env);
      workers.push(worker);
      return worker;
    };
    let consumer = await start(kind === 'memory' ? 'both' : 'consumer');
    let relay = kind === 'memory' ? consumer : await start('relay');

    const poisonId = randomUUID();
    let expectedTotal = 0;
    for (let batch = 0; batch < EVENTS / BATCH; batch++) {
      const rows = Array.from({ length: BATCH }, () => {
        const amount = randomInt(1, 100_000);
        expectedTotal += amount;
        const key = KEYS[randomInt(KEYS.length)] as string;
        return {
          id: randomUUID(),
          topic: 'order.created',
          payload: JSON.stringify({ id: key, amount }),
          attempts: 0,
        };
      });
      // A durable transport keeps its dead letters through the kills that follow; the in-process one
      // loses them with its process (documented), so there the poison comes after the last kill.
      if (batch === (kind === 'memory' ? 14 : 1)) {
        rows.push({
          id: poisonId,
          topic: 'order.created',
          payload: JSON.stringify({ id: KEYS[0], poison: true }),
          attempts: 0,
        });
      }
      await database.db.insertInto('outbox').values(rows).execute();
      await new Promise((resolve) => setTimeout(resolve, 100));
      if (batch === 6) {
        // The consumer is behind (holding or about to read events) when it dies.
        const done = await sql<{ processed: number }>`select processed from test_totals`.execute(database.db);
        expect(done.rows[0]?.processed).toBeLessThan((batch + 1) * BATCH);
        await kill(consumer);
        consumer = await start(kind === 'memory' ? 'both' : 'consumer');
        if (kind === 'memory') relay = consumer;
      }
      if (batch === 12) {
        await kill(relay);
        relay = await start(kind === 'memory' ? 'both' : 'relay');
        if (kind === 'memory') consumer = relay;
      }
    }

    const totals = await waitFor(
      async () =>
        (
          await sql<{ total: string; processed: number }>`select total, processed from test_totals`.execute(
            database.db,
          )
        ).rows[0],
      (row) => row?.processed === EVENTS,
      240_000,
    );
    expect(totals?.processed).toBe(EVENTS);
    expect(Number(totals?.total)).toBe(expectedTotal);
    const processed = await sql<{ n: string }>`select count(*) as n from test_processed`.execute(database.db);
    expect(Number(processed.rows[0]?.n)).toBe(EVENTS);
    // Whichever process dead-lettered the poison (on the in-process transport, one that was
    // killed later may have), it was dead-lettered once, and nothing else was.
    const deadLetters = () => new Set(workers.flatMap((worker) => [...worker.dead]));
    await waitFor(
      async () => deadLetters().has(poisonId),
      (found) => found,
      30_000,
    );
    expect([...deadLetters()]).toEqual([poisonId]);
    const pending = await sql<{
      n: string;
    }>`select count(*) as n from outbox where published_at is null`.execute(database.db);
    expect(Number(pending.rows[0]?.n)).toBe(0);
  }, 300_000);
}

describeWithServices(['postgres'], 'exactly-once effects: memory transport', () => exactlyOnce('memory', ''));
describeWithServices(['postgres', 'redis'], 'exactly-once effects: Redis Streams', () =>
  exactlyOnce('redis', serviceUrl('redis')),
);
describeWithServices(['postgres', 'rabbitmq'], 'exactly-once effects: RabbitMQ', () =>
  exactlyOnce('amqp', serviceUrl('rabbitmq')),
);
