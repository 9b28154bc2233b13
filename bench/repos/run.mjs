// Repository overhead: primary-key reads and order inserts through @truss/repos against the same
// statements issued raw through the driver, in the same run, on each database that is reachable.
// Plain Node, no TypeScript loader: it runs the built package (see bench/README.md).
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';

const reposDir = new URL('../../packages/repos/', import.meta.url);
const repos = await import(new URL('dist/index.js', reposDir).href).catch(() => {
  console.error('Build @truss/repos (and @truss/core) first: cd packages/repos && npx tsup');
  process.exit(2);
});
// The drivers are @truss/repos's (dev) dependencies: resolve them from there.
const requireDriver = createRequire(new URL('package.json', reposDir));

const SECONDS = Number(process.env.BENCH_SECONDS ?? 0.25); // per measured slice
// Slices alternate repository / raw; the ratio is the median of the rounds' ratios, so a burst of
// load from elsewhere on the machine skews one round, not the result.
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 12);

const adminUrls = {
  postgres: process.env.TRUSS_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  mysql: process.env.TRUSS_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test',
};

/** A scratch database of each kind: `{ url, drop }`, or null when the server is down. */
async function scratch(kind) {
  const name = `truss_bench_${process.pid}`;
  if (kind === 'sqlite') return { url: 'sqlite::memory:', drop: async () => {} };
  try {
    if (kind === 'postgres') {
      const pg = requireDriver('pg');
      const run = async (sql) => {
        const c = new pg.Client({ connectionString: adminUrls.postgres, connectionTimeoutMillis: 2000 });
        await c.connect();
        try {
          await c.query(sql);
        } finally {
          await c.end();
        }
      };
      await run(`create database ${name}`);
      const url = new URL(adminUrls.postgres);
      url.pathname = `/${name}`;
      return { url: url.toString(), drop: () => run(`drop database if exists ${name} with (force)`) };
    }
    const mysql = requireDriver('mysql2/promise');
    const run = async (sql) => {
      const c = await mysql.createConnection({ uri: adminUrls.mysql, connectTimeout: 2000 });
      try {
        await c.query(sql);
      } finally {
        await c.end();
      }
    };
    await run(`create database ${name} character set utf8mb4 collate utf8mb4_unicode_ci`);
    const url = new URL(adminUrls.mysql);
    url.pathname = `/${name}`;
    return { url: url.toString(), drop: () => run(`drop database if exists ${name}`) };
  } catch (error) {
    console.log(`${kind}: skipped (${error.message})`);
    return null;
  }
}

/** The session every @truss/repos MySQL connection starts with (UTC, strict mode). */
const SESSION_SETUP =
  "SET time_zone = '+00:00', sql_mode = 'STRICT_ALL_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE," +
  "ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION'";

/** Raw-driver versions of the two operations, on a connection of their own. */
async function rawDriver(kind, url) {
  if (kind === 'sqlite') return null; // set up on the repository's own connection below
  if (kind === 'postgres') {
    const pg = requireDriver('pg');
    const pool = new pg.Pool({ connectionString: url, max: 4 });
    return {
      read: async (id) => (await pool.query('select * from users where id = $1', [id])).rows[0],
      // The statement the repository sends on PostgreSQL: the order's insert as a data-modifying
      // WITH, then its items; one statement is atomic on its own (no BEGIN/COMMIT round trips).
      insertOrder: (order, item) =>
        pool.query(
          'with new_order as (insert into orders (id, user_id, total, status, version, created_at, updated_at) values ($1, $2, $3, $4, 1, $5, $5)) ' +
            'insert into order_items (id, order_id, line_no, product_id, quantity, unit_price) values ($6, $1, 1, $7, $8, $9)',
          [
            order.id,
            order.userId,
            order.total,
            'pending',
            order.at,
            item.id,
            item.productId,
            item.quantity,
            item.unitPrice,
          ],
        ),
      close: () => pool.end(),
    };
  }
  // mysql2's callback API, as kysely drives it: its promise wrapper captures a stack trace
  // (`new Error()`) on every query, a cost the repository does not pay, which made the raw side
  // the slower one. The session is the repository's: same charset, UTC, strict mode.
  const mysql = requireDriver('mysql2');
  const pool = mysql.createPool({
    uri: url,
    connectionLimit: 4,
    timezone: 'Z',
    charset: 'utf8mb4_unicode_ci',
    supportBigNumbers: true,
    bigNumberStrings: true,
  });
  const session = new WeakSet();
  const call = (target, method, ...args) =>
    new Promise((resolve, reject) =>
      target[method](...args, (error, result) => (error ? reject(error) : resolve(result))),
    );
  const getConnection = async () => {
    const c = await call(pool, 'getConnection');
    if (!session.has(c)) {
      await call(c, 'query', SESSION_SETUP);
      session.add(c);
    }
    return c;
  };
  return {
    read: async (id) => {
      const c = await getConnection();
      try {
        return (await call(c, 'query', 'select * from users where id = ?', [id]))[0];
      } finally {
        c.release();
      }
    },
    insertOrder: async (order, item) => {
      const c = await getConnection();
      try {
        await call(c, 'query', 'begin');
        await call(
          c,
          'query',
          'insert into orders (id, user_id, total, status, version, created_at, updated_at) values (?, ?, ?, ?, 1, ?, ?)',
          [order.id, order.userId, order.total, 'pending', order.at, order.at],
        );
        await call(
          c,
          'query',
          'insert into order_items (id, order_id, line_no, product_id, quantity, unit_price) values (?, ?, 1, ?, ?, ?)',
          [item.id, order.id, item.productId, item.quantity, item.unitPrice],
        );
        await call(c, 'query', 'commit');
      } catch (error) {
        await call(c, 'query', 'rollback');
        throw error;
      } finally {
        c.release();
      }
    },
    close: () => call(pool, 'end'),
  };
}

/** SQLite raw: a second better-sqlite3 handle is impossible for :memory:, so use a file. */
async function rawSqlite(file) {
  const Sqlite = requireDriver('better-sqlite3');
  const db = new Sqlite(file);
  db.pragma('foreign_keys = ON');
  const read = db.prepare('select * from users where id = ?');
  const insertOrder = db.prepare(
    'insert into orders (id, user_id, total, status, version, created_at, updated_at) values (?, ?, ?, ?, 1, ?, ?)',
  );
  const insertItem = db.prepare(
    'insert into order_items (id, order_id, line_no, product_id, quantity, unit_price) values (?, ?, 1, ?, ?, ?)',
  );
  const tx = db.transaction((order, item) => {
    insertOrder.run(order.id, order.userId, 1999, 'pending', order.at.toISOString(), order.at.toISOString());
    insertItem.run(item.id, order.id, item.productId, item.quantity, 1999);
  });
  return {
    read: async (id) => read.get(id),
    insertOrder: async (order, item) => tx(order, item),
    close: async () => db.close(),
  };
}

async function opsPerSecond(fn) {
  let n = 0;
  const end = performance.now() + SECONDS * 1000;
  while (performance.now() < end) {
    await fn();
    n++;
  }
  return n / SECONDS;
}

async function compare(label, viaRepo, viaRaw, names = ['repository', 'raw']) {
  for (let i = 0; i < 200; i++) {
    await viaRepo();
    await viaRaw();
  }
  const repos = [];
  const raws = [];
  const ratios = [];
  for (let r = 0; r < ROUNDS; r++) {
    // Alternate which goes first, so neither always runs on a warmer (or busier) machine.
    const [a, b] = r % 2 === 0 ? [viaRepo, viaRaw] : [viaRaw, viaRepo];
    const first = await opsPerSecond(a);
    const second = await opsPerSecond(b);
    const [repoOps, rawOps] = r % 2 === 0 ? [first, second] : [second, first];
    repos.push(repoOps);
    raws.push(rawOps);
    ratios.push(repoOps / rawOps);
  }
  const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
  const repo = median(repos);
  const raw = median(raws);
  const ratio = median(ratios);
  const overhead = ((1 / ratio - 1) * 100).toFixed(1);
  console.log(
    `  ${label.padEnd(22)} ${names[0]} ${repo.toFixed(0).padStart(7)} ops/s   ${names[1]} ${raw.toFixed(0).padStart(7)} ops/s   ratio ${ratio.toFixed(3)}   overhead ${overhead}%`,
  );
}

async function benchKind(kind) {
  const target =
    kind === 'sqlite'
      ? {
          url: `sqlite:${(await import('node:os')).tmpdir()}/truss-bench-${process.pid}.db`,
          drop: async () => {},
        }
      : await scratch(kind);
  if (!target) return;
  const database = await repos.createDatabase(target.url, { poolSize: 4 });
  try {
    await repos.migrateToLatest(database.db);
    const { users, products, orders } = repos.createRepositories(database, { cipher: null });
    // The same lookup with emails and names sealed (spec §7.3): HMAC of the email, decryption of
    // the row's email and names, against the plaintext repository on the same database.
    const cipher = repos.createFieldCipher([{ id: 'bench', key: repos.generateDataKey() }]);
    const sealed = repos.createRepositories(database, { cipher });
    const user = await users.create({
      id: randomUUID(),
      email: `bench-${randomUUID()}@example.com`,
      passwordHash: 'x',
      firstName: 'B',
      lastName: null,
      role: 'user',
    });
    const product = await products.create({
      id: randomUUID(),
      name: 'Bench',
      description: null,
      price: '19.99',
      stock: 1_000_000,
    });
    const raw =
      kind === 'sqlite'
        ? await rawSqlite(target.url.slice('sqlite:'.length))
        : await rawDriver(kind, target.url);
    console.log(`${kind} (${database.display})`);
    await compare(
      'primary-key read',
      () => users.findById(user.id),
      () => raw.read(user.id),
    );
    const sealedUser = await sealed.users.create({
      id: randomUUID(),
      email: `bench-${randomUUID()}@example.com`,
      passwordHash: 'x',
      firstName: 'Sealed',
      lastName: 'User',
      role: 'user',
    });
    await compare(
      'email lookup (login)',
      () => sealed.users.findByEmail(sealedUser.email),
      () => users.findByEmail(user.email),
      ['sealed    ', 'plaintext'],
    );
    const newOrder = () => ({
      id: randomUUID(),
      userId: user.id,
      items: [{ id: randomUUID(), productId: product.id, quantity: 1, unitPrice: '19.99' }],
    });
    await compare(
      'order insert (1 item)',
      () => orders.create(newOrder()),
      () => {
        const o = newOrder();
        const item = o.items[0];
        return raw.insertOrder({ id: o.id, userId: o.userId, total: '19.99', at: new Date() }, item);
      },
    );
    await raw.close();
  } finally {
    await database.destroy();
    await target.drop();
    if (kind === 'sqlite') {
      const { rm } = await import('node:fs/promises');
      const file = target.url.slice('sqlite:'.length);
      await Promise.all(['', '-wal', '-shm'].map((s) => rm(`${file}${s}`, { force: true })));
    }
  }
}

console.log(
  `Repository vs raw driver, sequential, ${ROUNDS} × ${SECONDS}s slices each (BENCH_SECONDS to change)\n`,
);
for (const kind of (process.env.BENCH_DATABASES ?? 'sqlite,postgres,mysql').split(',')) await benchKind(kind);
