import { Socket } from 'node:net';
import { importDriver } from './optional-driver.js';

/** The services Truss's integration tests talk to. */
export const SERVICES = ['postgres', 'mysql', 'redis', 'rabbitmq'] as const;

/** One of {@link SERVICES}. */
export type ServiceName = (typeof SERVICES)[number];

/** Where each service is reached in tests; override with `TRUSS_TEST_<NAME>_URL`. */
export function serviceUrl(name: ServiceName): string {
  const defaults: Record<ServiceName, string> = {
    postgres: 'postgres://postgres@127.0.0.1:5432/postgres',
    mysql: 'mysql://root@127.0.0.1:3306/test',
    redis: 'redis://127.0.0.1:6379',
    rabbitmq: 'amqp://guest:guest@127.0.0.1:5672',
  };
  return process.env[`TRUSS_TEST_${name.toUpperCase()}_URL`] ?? defaults[name];
}

/** What a probe found: `null` when the service answered, else why it is unavailable. */
export type ProbeResult = string | null;

function tcpProbe(url: string, timeoutMs: number): Promise<ProbeResult> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (result: ProbeResult) => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(timeoutMs, () => done(`no answer from ${hostname}:${port} within ${timeoutMs} ms`));
    socket.once('error', (error) =>
      done(`${(error as NodeJS.ErrnoException).code ?? error.message} at ${hostname}:${port}`),
    );
    socket.connect(Number(port), hostname.replace(/^\[|\]$/g, ''), () => done(null));
  });
}

async function postgresProbe(url: string): Promise<ProbeResult> {
  let pg: typeof import('pg').default;
  try {
    ({ default: pg } = await importDriver('pg', () => import('pg'), 'The PostgreSQL probe'));
  } catch (error) {
    return (error as Error).message;
  }
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return null;
  } catch (error) {
    return `${(error as Error).message} (${url})`;
  } finally {
    await client.end().catch(() => {});
  }
}

async function mysqlProbe(url: string): Promise<ProbeResult> {
  let mysql: typeof import('mysql2/promise');
  try {
    mysql = await importDriver('mysql2', () => import('mysql2/promise'), 'The MySQL probe');
  } catch (error) {
    return (error as Error).message;
  }
  try {
    const connection = await mysql.createConnection({ uri: url, connectTimeout: 3000 });
    await connection.query('select 1');
    await connection.end();
    return null;
  } catch (error) {
    return `${(error as Error).message} (${url})`;
  }
}

/**
 * Checks that a service answers. PostgreSQL and MySQL/MariaDB are checked with a real query; Redis
 * and RabbitMQ by a TCP connection to their port.
 */
export function probeService(name: ServiceName): Promise<ProbeResult> {
  const url = serviceUrl(name);
  switch (name) {
    case 'postgres':
      return postgresProbe(url);
    case 'mysql':
      return mysqlProbe(url);
    default:
      return tcpProbe(url, 3000);
  }
}
