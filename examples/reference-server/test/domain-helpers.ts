import { randomUUID } from 'node:crypto';
import { createDatabase, type TrussDatabase } from '@truss/repos';
import { expect } from 'vitest';
import { ADMIN, type TestServer } from './helpers.js';

/** A signed-in account of the reference server. */
export interface Account {
  id: string;
  email: string;
  role: 'admin' | 'manager' | 'user' | 'guest';
  token: string;
}

/** Logs in and answers the access token. */
export async function login(t: TestServer, email: string, password: string): Promise<string> {
  const res = await t.call('POST', '/api/v1/auth/login', { body: { email, password } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.access_token;
}

/** The boot Admin, signed in. */
export async function adminAccount(t: TestServer): Promise<Account> {
  const token = await login(t, ADMIN.email, ADMIN.password);
  const me = await t.call('GET', '/api/v1/users/me', { token });
  return { id: me.body.id, email: ADMIN.email, role: 'admin', token };
}

/** The password of every account {@link newAccount} makes. */
export const PASSWORD = 'a long enough test password';

/**
 * Registers a new account, has the Admin give it `role` (unless `user`), runs `asUser` with a
 * `user` token first when given (to place orders before a demotion), and signs it in with its role.
 */
export async function newAccount(
  t: TestServer,
  admin: Account,
  role: Account['role'],
  asUser?: (account: Account) => Promise<void>,
): Promise<Account> {
  const email = `${role}-${randomUUID()}@example.com`;
  const reg = await t.call('POST', '/api/v1/auth/register', { body: { email, password: PASSWORD } });
  expect(reg.status, JSON.stringify(reg.body)).toBe(201);
  const account: Account = { id: reg.body.id, email, role: 'user', token: await login(t, email, PASSWORD) };
  if (asUser) await asUser(account);
  if (role === 'user') return account;
  const put = await t.call('PUT', `/api/v1/users/${account.id}`, { token: admin.token, body: { role } });
  expect(put.status, JSON.stringify(put.body)).toBe(200);
  return { ...account, role, token: await login(t, email, PASSWORD) };
}

/** A response body, asserted field by field. */
// biome-ignore lint/suspicious/noExplicitAny: response bodies are asserted field by field
type Body = any;

/** Creates a product as `manager` (a Manager or Admin) and answers it. */
export async function newProduct(
  t: TestServer,
  manager: Account,
  fields: Record<string, unknown> = {},
): Promise<Body> {
  const res = await t.call('POST', '/api/v1/products', {
    token: manager.token,
    body: { name: 'Widget', price: '9.99', stock: 1000, ...fields },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

/** Places an order of `quantity` × `productId` as `buyer` and answers its id. */
export async function newOrder(
  t: TestServer,
  buyer: Account,
  productId: string,
  quantity = 1,
): Promise<string> {
  const res = await t.call('POST', '/api/v1/orders', {
    token: buyer.token,
    body: { items: [{ product_id: productId, quantity }] },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id;
}

/** A direct connection to the server's database, to check what an API call did (or did not) store. */
export async function inspect(t: TestServer): Promise<TrussDatabase> {
  return createDatabase(t.database.url);
}

/** Outbox rows of `topic`, payloads parsed, oldest first. */
export async function outboxRows(db: TrussDatabase, topic: string): Promise<unknown[]> {
  const rows = await db.db
    .selectFrom('outbox')
    .select(['payload'])
    .where('topic', '=', topic)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((row) => JSON.parse(row.payload));
}

/** How many rows `table` holds. */
export async function count(
  db: TrussDatabase,
  table: 'orders' | 'order_items' | 'outbox' | 'users' | 'products',
): Promise<number> {
  const row = await db.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
