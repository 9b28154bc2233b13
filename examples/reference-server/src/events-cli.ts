// `npm run events -- dead-letters list [limit]` prints the dead letters of the configured transport
// (EVENTS_TRANSPORT, REDIS_URL / AMQP_URL) as JSON lines; `npm run events -- dead-letters replay
// [id …]` sends them (all, or those ids) back to the consumer that gave up on them. `--prefix <p>`
// names the transport's keys or queues when the servers were given another prefix than `truss`
// (`createApp(config, logger, { redisPrefix })`). The memory transport keeps dead letters inside the
// process that has them: there is nothing to list here.
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from './config.js';
import { openEventTransport } from './events.js';

const USAGE =
  'usage: npm run events -- dead-letters list [limit] | dead-letters replay [id …]  [--prefix <prefix>]';

async function main(argv: string[]): Promise<number> {
  let parsed: ReturnType<
    typeof parseArgs<{ options: { prefix: { type: 'string' } }; allowPositionals: true }>
  >;
  try {
    parsed = parseArgs({ args: argv, options: { prefix: { type: 'string' } }, allowPositionals: true });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const [group, command, ...rest] = parsed.positionals;
  const prefix = parsed.values.prefix ?? 'truss';
  if (group !== 'dead-letters' || (command !== 'list' && command !== 'replay')) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  if (!/^[A-Za-z0-9:_.-]{1,90}$/.test(prefix)) {
    process.stderr.write('--prefix must be 1 to 90 letters, digits or : _ . -\n');
    return 2;
  }
  const config = loadConfig(process.env);
  if (config.EVENTS_TRANSPORT === 'memory') {
    process.stderr.write(
      'EVENTS_TRANSPORT=memory keeps dead letters in the server process; set EVENTS_TRANSPORT (redis or amqp) as the servers do.\n',
    );
    return 2;
  }
  const transport = await openEventTransport(config, prefix);
  try {
    if (command === 'list') {
      const limit = rest[0] === undefined ? 100 : Number(rest[0]);
      if (!Number.isInteger(limit) || limit < 1 || limit > 100_000) {
        process.stderr.write('limit must be an integer from 1 to 100000\n');
        return 2;
      }
      for (const dead of await transport.deadLetters.list(limit))
        process.stdout.write(`${JSON.stringify(dead)}\n`);
    } else {
      const replayed = await transport.deadLetters.replay(rest.length > 0 ? rest : undefined);
      process.stdout.write(`replayed ${replayed} dead letter(s)\n`);
    }
    return 0;
  } finally {
    await transport.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `${error instanceof ConfigError || error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  },
);
