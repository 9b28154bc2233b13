import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NewUser } from '@truss/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type TrussDatabase } from '../../connect/create-database.js';
import { createExecutor } from '../../executor/create-executor.js';
import { prepareQuery } from '../../executor/prepared-query.js';
import { migrateToLatest } from '../../migrations/migrate.js';
import { createRepositories } from '../../repositories/create-repositories.js';

const newUser = (): NewUser => ({
  id: randomUUID(),
  email: `${randomUUID()}@example.com`,
  passwordHash: 'x',
  firstName: 'Ada',
  lastName: null,
  role: 'user',
});

// The synchronous path must behave exactly as kysely's: never inside someone else's transaction,
// never failing where kysely would have waited for the connection.
describe.each(['file', 'memory'])('SQLite synchronous hot paths (%s)', (kind) => {
  let dir: string;
  let database: TrussDatabase;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'truss-sync-'));
    database = await createDatabase(kind === 'file' ? `sqlite:${dir}/sync.db` : 'sqlite::memory:');
    await migrateToLatest(database.db);
  });
  afterAll(async () => {
    await database.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers on the synchronous connection for the executor createDatabase built, never for a transaction', async () => {
    const byId = prepareQuery((db) => db.selectFrom('users').selectAll().where('id', '=', ''));
    const { users } = createRepositories(database);
    const user = await users.create(newUser());
    const direct = database.executor.one(byId, [user.id]);
    expect(direct).not.toBeInstanceOf(Promise);
    expect(direct).toMatchObject({ id: user.id });
    // A plain kysely instance gets an executor without the driver's handle: through kysely.
    const viaKysely = createExecutor(database.db).one(byId, [user.id]);
    expect(viaKysely).toBeInstanceOf(Promise);
    expect(await viaKysely).toMatchObject({ id: user.id });
    let outside: unknown;
    await database.executor.transaction(async (trx) => {
      // The transaction's executor runs on the transaction's connection, through kysely.
      const inside = trx.one(byId, [user.id]);
      expect(inside).toBeInstanceOf(Promise);
      expect(await inside).toMatchObject({ id: user.id });
      // kysely holds the connection: the primary's synchronous path stands aside and waits.
      outside = database.executor.one(byId, [user.id]);
      expect(outside).toBeInstanceOf(Promise);
    });
    expect(await outside).toMatchObject({ id: user.id });
    expect(database.executor.one(byId, [user.id])).not.toBeInstanceOf(Promise);
  });

  it('lets other callbacks run between the batches of a scan', async () => {
    const { users, products, orders, userAdmin } = createRepositories(database);
    const product = await products.create({
      id: randomUUID(),
      name: 'Scan',
      description: null,
      price: '1.00',
      stock: 100,
    });
    for (let i = 0; i < 4; i++) {
      const user = await users.create(newUser());
      await orders.create({
        id: randomUUID(),
        userId: user.id,
        items: [{ id: randomUUID(), productId: product.id, quantity: 1, unitPrice: '1.00' }],
      });
    }
    for (const scan of [() => userAdmin.scan({ batchSize: 1 }), () => orders.scan({ batchSize: 1 })]) {
      const events: string[] = [];
      let ticking = true;
      const tick = () => {
        events.push('tick');
        if (ticking) setImmediate(tick);
      };
      setImmediate(tick);
      // A request arriving during the export: it must be answered before the export ends.
      let answered = false;
      setImmediate(() => {
        void users.findById(randomUUID()).then(() => {
          answered = true;
        });
      });
      let batches = 0;
      for await (const batch of scan()) {
        expect(batch).toHaveLength(1);
        events.push('batch');
        batches++;
        if (batches === 3) expect(answered).toBe(true);
      }
      ticking = false;
      expect(batches).toBeGreaterThanOrEqual(4);
      // The synchronous driver would otherwise read every batch in microtasks: no tick in between.
      const between = events.slice(events.indexOf('batch'), events.lastIndexOf('batch') + 1);
      for (let i = 1; i < between.length; i++) {
        if (between[i] === 'batch') expect(between[i - 1]).toBe('tick');
      }
    }
  });

  it('does not read the uncommitted writes of a unit of work in progress', async () => {
    const { users, unitOfWork } = createRepositories(database);
    const user = newUser();
    let outside: Promise<unknown> | undefined;
    await expect(
      unitOfWork.run(async (r) => {
        await r.users.create(user);
        outside = users.findById(user.id); // waits for the connection, as through kysely
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await outside).toBeNull();

    const committed = newUser();
    await unitOfWork.run(async (r) => {
      await r.users.create(committed);
      outside = users.findById(committed.id);
    });
    expect(await outside).toMatchObject({ id: committed.id });
  });

  it('writes an order outside a unit of work in progress, not into it', async () => {
    const { users, products, orders, unitOfWork } = createRepositories(database);
    const user = await users.create(newUser());
    const product = await products.create({
      id: randomUUID(),
      name: 'Pen',
      description: null,
      price: '1.15',
      stock: 10,
    });
    const order = {
      id: randomUUID(),
      userId: user.id,
      items: [{ id: randomUUID(), productId: product.id, quantity: 3, unitPrice: '1.15' }],
    };
    let outside: Promise<unknown> | undefined;
    await expect(
      unitOfWork.run(async () => {
        outside = orders.create(order);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await outside).toMatchObject({ id: order.id, total: '3.45' });
    expect(await orders.findById(order.id)).toMatchObject({ id: order.id, total: '3.45' });
  });

  it('rolls back an order whose item fails, and maps the error', async () => {
    const { users, orders } = createRepositories(database);
    const user = await users.create(newUser());
    const id = randomUUID();
    await expect(
      orders.create({
        id,
        userId: user.id,
        items: [{ id: randomUUID(), productId: randomUUID(), quantity: 1, unitPrice: '1.00' }],
      }),
    ).rejects.toMatchObject({ code: 'not_found' });
    expect(await orders.findById(id)).toBeNull();
  });

  it('waits for the connection while a streamed query holds it, instead of failing', async () => {
    const { users, products, orders } = createRepositories(database);
    const user = await users.create(newUser());
    const product = await products.create({
      id: randomUUID(),
      name: 'Ink',
      description: null,
      price: '2.00',
      stock: 10,
    });
    const order = {
      id: randomUUID(),
      userId: user.id,
      items: [{ id: randomUUID(), productId: product.id, quantity: 1, unitPrice: '2.00' }],
    };
    let found: Promise<unknown> | undefined;
    let created: Promise<unknown> | undefined;
    // better-sqlite3 refuses writes while an iterator is open ("busy"): the write goes through kysely.
    for await (const _row of database.db.selectFrom('users').select('id').stream()) {
      found ??= users.findById(user.id);
      created ??= orders.create(order);
    }
    expect(await found).toMatchObject({ id: user.id });
    expect(await created).toMatchObject({ id: order.id, total: '2.00' });
  });
});
