// The baseline of the load suite: the same three endpoints written by hand in Fastify + jose +
// kysely, on the reference server's database (its schema, migrated by @truss/repos), with none of
// Truss's layers — no kernel, no zod validation of input beyond a shape check, no RBAC, no
// services. What a performance-minded team would write on day one; the ratio says what Truss costs.
//
//   GET  /api/v1/products    newest 20 products (one SELECT)
//   GET  /api/v1/users/me    verify the Bearer JWT, read the user (one SELECT of the view's columns)
//   POST /api/v1/orders      verify the JWT; in one transaction take the stock, insert the order,
//                            its items and its outbox event
//
// Env: BASELINE_DATABASE_URL (sqlite:<file> or postgres://…), BASELINE_PUBLIC_JWK (the EdDSA
// public JWK), BASELINE_USER_COLUMNS=all to read `select *` in /users/me, or =prepared to read the
// seven columns through a named prepared statement (for the PostgreSQL CPU investigation).
// Prints `listening on <url>`.
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import Fastify from 'fastify';
import { importJWK, type JWK, jwtVerify } from 'jose';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';

const url = process.env.BASELINE_DATABASE_URL ?? '';
const sqlite = url.startsWith('sqlite:');
const jwk = JSON.parse(process.env.BASELINE_PUBLIC_JWK ?? '{}') as JWK;
const key = await importJWK(jwk, 'EdDSA');
const allColumns = process.env.BASELINE_USER_COLUMNS === 'all';
// BASELINE_USER_COLUMNS=prepared: the seven columns through a named (server-side prepared) statement
// on PostgreSQL, parsed and planned once per connection instead of at every execution.
const preparedPool =
  process.env.BASELINE_USER_COLUMNS === 'prepared' && !sqlite
    ? new pg.Pool({ connectionString: url, max: 10 })
    : null;
const USER_SQL =
  'select id, email, first_name, last_name, role, created_at, updated_at from users where id = $1';

// biome-ignore lint/suspicious/noExplicitAny: a hand-written route uses the tables untyped
const db = new Kysely<any>({
  dialect: sqlite
    ? new SqliteDialect({
        database: (() => {
          const handle = new Database(url.slice('sqlite:'.length));
          handle.pragma('journal_mode = WAL');
          handle.pragma('busy_timeout = 5000');
          return handle;
        })(),
      })
    : new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 10 }) }),
});

const money = (value: unknown) => (sqlite ? (Number(value) / 100).toFixed(2) : String(value));
const iso = (value: unknown) => (value instanceof Date ? value.toISOString() : String(value));

async function subject(authorization: string | undefined): Promise<string | null> {
  if (!authorization?.startsWith('Bearer ')) return null;
  try {
    const { payload } = await jwtVerify(authorization.slice(7), key, {
      issuer: 'truss',
      audience: 'truss-api',
      algorithms: ['EdDSA'],
    });
    return typeof payload.sub === 'string' ? payload.sub : null;
  } catch {
    return null;
  }
}

const app = Fastify();

app.get('/healthz', async () => ({ status: 'ok' }));

app.get('/api/v1/products', async () => {
  const rows = await db
    .selectFrom('products')
    .selectAll()
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(21)
    .execute();
  const items = rows.slice(0, 20).map((p) => ({
    id: p.id,
    name: p.name,
    description: p.description,
    price: money(p.price),
    stock: p.stock,
    version: p.version,
    created_at: iso(p.created_at),
    updated_at: iso(p.updated_at),
  }));
  return { items, nextCursor: rows.length > 20 ? (items.at(-1)?.id ?? null) : null };
});

app.get('/api/v1/users/me', async (request, reply) => {
  const id = await subject(request.headers.authorization);
  if (!id) return reply.code(401).send({ error: 'unauthorized', message: 'Authentication required' });
  const query = db.selectFrom('users').where('id', '=', id);
  const user = preparedPool
    ? (await preparedPool.query({ name: 'user_by_id', text: USER_SQL, values: [id] })).rows[0]
    : await (allColumns
        ? query.selectAll()
        : query.select(['id', 'email', 'first_name', 'last_name', 'role', 'created_at', 'updated_at'])
      ).executeTakeFirst();
  if (!user) return reply.code(404).send({ error: 'not_found', message: 'User not found' });
  return {
    id: user.id,
    email: user.email,
    first_name: user.first_name,
    last_name: user.last_name,
    role: user.role,
    created_at: iso(user.created_at),
    updated_at: iso(user.updated_at),
  };
});

app.post('/api/v1/orders', async (request, reply) => {
  const userId = await subject(request.headers.authorization);
  if (!userId) return reply.code(401).send({ error: 'unauthorized', message: 'Authentication required' });
  const body = request.body as { items?: Array<{ product_id: string; quantity: number }> };
  const lines = body?.items;
  if (!Array.isArray(lines) || lines.length === 0) {
    return reply.code(422).send({ error: 'validation_error', message: 'items is required' });
  }
  const id = randomUUID();
  const now = sqlite ? new Date().toISOString() : new Date();
  const order = await db.transaction().execute(async (trx) => {
    let totalCents = 0;
    const items = [];
    for (const [i, line] of lines.entries()) {
      const taken = await trx
        .updateTable('products')
        .set({ stock: sql`stock - ${line.quantity}`, version: sql`version + 1` })
        .where('id', '=', line.product_id)
        .where('stock', '>=', line.quantity)
        .returning(['price'])
        .executeTakeFirst();
      if (!taken) return null;
      const cents = sqlite ? Number(taken.price) : Math.round(Number(taken.price) * 100);
      totalCents += cents * line.quantity;
      items.push({
        id: randomUUID(),
        order_id: id,
        line_no: i + 1,
        product_id: line.product_id,
        quantity: line.quantity,
        unit_price: taken.price,
      });
    }
    const total = sqlite ? totalCents : (totalCents / 100).toFixed(2);
    await trx
      .insertInto('orders')
      .values({ id, user_id: userId, total, status: 'pending', version: 1, created_at: now, updated_at: now })
      .execute();
    await trx.insertInto('order_items').values(items).execute();
    const payload = { id, userId, items: lines, total: money(total) };
    await trx
      .insertInto('outbox')
      .values({ id: randomUUID(), topic: 'order.created', payload: JSON.stringify(payload), created_at: now })
      .execute();
    return { id, user_id: userId, status: 'pending', total: money(total), items };
  });
  if (!order) return reply.code(409).send({ error: 'conflict', message: 'Not enough stock' });
  return reply.code(201).send(order);
});

const address = await app.listen({
  host: '127.0.0.1',
  port: Number(process.env.PORT ?? 0),
  backlog: Number(process.env.LISTEN_BACKLOG ?? 511),
});
process.stdout.write(`listening on ${address}\n`);
process.on('SIGTERM', () => {
  app
    .close()
    .then(() => db.destroy())
    .then(() => process.exit(0));
});
