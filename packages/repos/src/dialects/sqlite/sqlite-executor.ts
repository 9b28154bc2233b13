import type { Kysely } from 'kysely';
import type { Executor } from '../../executor/executor.js';
import { createKyselyExecutor, kyselyBatch, kyselyOne, kyselyRows } from '../../executor/kysely-executor.js';
import type { PreparedQuery } from '../../executor/prepared-query.js';
import type { Database } from '../../schema.js';
import { isConnectionBusy, type SqliteHandle, type SqliteStatement } from './sqlite-handle.js';

/**
 * Resolves on a later turn of the event loop. better-sqlite3 is synchronous, so kysely's promises
 * around it resolve in microtasks: without this, a scan would read every batch before any timer,
 * I/O callback or other request got a turn.
 */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The {@link Executor} of a SQLite database. Given the better-sqlite3 `handle` under `db` (as
 * {@link createDatabase} does), key lookups, prepared statements and batches run synchronously on
 * it, through its cached statements, whenever the connection is free; when a transaction holds it
 * (kysely runs a transaction's statements one `await` apart) or a streamed query keeps it busy, they
 * go through kysely, which waits for the connection. A transaction's executor, and one without a
 * handle, go through kysely only. Scans yield to the event loop between batches.
 *
 * @example
 * ```ts
 * const database = new BetterSqlite(':memory:');
 * const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
 * const executor = createSqliteExecutor(db); // kysely only; createDatabase adds the handle
 * ```
 */
export function createSqliteExecutor(db: Kysely<Database>, handle?: SqliteHandle): Executor {
  const inTransaction = (trx: Kysely<Database>) => createSqliteExecutor(trx);
  if (handle === undefined || db.isTransaction) {
    return createKyselyExecutor(db, { inTransaction, yieldBetweenBatches: nextTurn });
  }
  const on = { db, dialect: 'sqlite' as const };
  // A closed connection needs no check of its own: better-sqlite3 throws, as kysely would.
  const { connection } = handle;
  const free = () => !connection.inTransaction;
  const prepare = (query: PreparedQuery<unknown>) => handle.prepare(query.compile(on).sql);
  const statementOf = (query: PreparedQuery<unknown>): SqliteStatement => query.memo(handle, prepare);
  /** `run()`'s value when the connection is free; `undefined` when it is not (nothing ran). */
  const attempt = <T>(run: () => T): { value: T } | undefined => {
    if (!free()) return undefined;
    try {
      return { value: run() };
    } catch (error) {
      if (isConnectionBusy(error)) return undefined;
      throw error;
    }
  };
  return createKyselyExecutor(db, {
    inTransaction,
    yieldBetweenBatches: nextTurn,
    one<R>(query: PreparedQuery<R>, parameters: readonly unknown[]) {
      if (free()) {
        try {
          // Spread, not an array: measured 1–2 points of the read's overhead over raw better-sqlite3.
          return (statementOf(query).get(...parameters) as R | undefined) ?? null;
        } catch (error) {
          if (!isConnectionBusy(error)) throw error;
        }
      }
      return kyselyOne(on, query, parameters);
    },
    async rows<R>(query: PreparedQuery<R>, parameters: readonly unknown[]) {
      const done = attempt(() => {
        const statement = statementOf(query);
        if (statement.reader) return statement.all(...parameters) as R[];
        statement.run(parameters);
        return [];
      });
      return done ? done.value : kyselyRows(on, query, parameters);
    },
    async batch(batch, parameters) {
      const done = attempt(() => {
        const statements = batch.queries.map(statementOf);
        handle.atomically(() => {
          // An array binds its items as the anonymous parameters (as one statement of an order).
          for (let index = 0; index < statements.length; index++) {
            statements[index]?.run(parameters[index] ?? []);
          }
        });
      });
      if (!done) await kyselyBatch(on, batch, parameters);
    },
  });
}
