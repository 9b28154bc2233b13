// A worker process of the exactly-once test: `relay`, `consumer` or `both` (the memory transport,
// which cannot cross processes). Reads DATABASE_URL, TRANSPORT (memory|redis|amqp), TRANSPORT_URL,
// PREFIX. Prints `ready` once running and `dead <event id>` for each dead letter it sees.
import { createDatabase, createOutboxRepository } from '@truss/repos';
import pg from 'pg';
import { createMemoryTransport, createOutboxRelay, startEventWorker } from '../../dist/index.js';

const role = process.argv[2];
const { DATABASE_URL, TRANSPORT, TRANSPORT_URL, PREFIX } = process.env;
const retry = { maxAttempts: 3, baseDelayMs: 20, maxDelayMs: 200 };

async function openTransport() {
  if (TRANSPORT === 'redis') {
    const { createRedisTransport } = await import('../../dist/redis.js');
    return createRedisTransport({
      url: TRANSPORT_URL,
      prefix: PREFIX,
      partitions: 4,
      blockMs: 200,
      claimIdleMs: 1000,
      partitionLeaseMs: 2000,
      retry,
    });
  }
  if (TRANSPORT === 'amqp') {
    const { createAmqpTransport } = await import('../../dist/amqp.js');
    return createAmqpTransport({ url: TRANSPORT_URL, prefix: PREFIX, partitions: 4, retry });
  }
  return createMemoryTransport({ retry });
}

const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 8 });
/** The effect: a sum and a count, recorded with (consumer, event id) in one transaction. */
const summer = {
  name: 'summer',
  topics: ['order.created'],
  async handle(event) {
    if (event.payload.poison) throw new Error('poison message');
    const client = await pool.connect();
    try {
      await client.query('begin');
      const inserted = await client.query(
        'insert into test_processed (consumer, event_id) values ($1, $2) on conflict do nothing',
        ['summer', event.id],
      );
      if (inserted.rowCount === 1) {
        await client.query(
          'update test_totals set total = total + $1, processed = processed + 1 where id = 1',
          [event.payload.amount],
        );
      }
      await client.query('commit');
    } catch (error) {
      await client.query('rollback').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  },
};

const transport = await openTransport();
const consumers = role === 'relay' ? [] : [summer];
let relay;
if (role !== 'consumer') {
  const database = await createDatabase(DATABASE_URL);
  relay = createOutboxRelay({
    outbox: createOutboxRepository(database.executor),
    transport,
    batchSize: 200,
    leaseMs: 2000,
    pollMs: 50,
  });
}
await startEventWorker({ transport, consumers, relay });
process.stdout.write('ready\n');
if (role !== 'relay') {
  const seen = new Set();
  setInterval(async () => {
    for (const dead of await transport.deadLetters.list(100).catch(() => [])) {
      if (!seen.has(dead.event.id)) {
        seen.add(dead.event.id);
        process.stdout.write(`dead ${dead.event.id}\n`);
      }
    }
  }, 500);
}
