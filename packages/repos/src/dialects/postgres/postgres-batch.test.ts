import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from 'kysely';
import { describe, expect, it } from 'vitest';
import { prepareBatch, prepareQuery } from '../../executor/prepared-query.js';
import type { Database } from '../../schema.js';
import { combinedStatement } from './postgres-batch.js';

const db = new Kysely<Database>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (k) => new PostgresIntrospector(k),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});
const on = { db, dialect: 'postgres' as const };

const outbox = (n: number) =>
  prepareQuery((k) =>
    k.insertInto('outbox').values(Array.from({ length: n }, () => ({ id: '', topic: '', payload: '' }))),
  );

describe('combinedStatement (PostgreSQL batches)', () => {
  it('makes every statement but the last a data-modifying WITH, its placeholders numbered in order', () => {
    const batch = prepareBatch([outbox(1), outbox(2), outbox(1)]);
    const { sql } = combinedStatement(batch).compile(on);
    expect(sql).toBe(
      'with "w0" as (insert into "outbox" ("id", "topic", "payload") values ($1, $2, $3)), ' +
        '"w1" as (insert into "outbox" ("id", "topic", "payload") values ($4, $5, $6), ($7, $8, $9)) ' +
        'insert into "outbox" ("id", "topic", "payload") values ($10, $11, $12)',
    );
  });

  it('is the statement itself for a batch of one, and is made once per batch', () => {
    const single = prepareBatch([outbox(1)]);
    expect(combinedStatement(single).compile(on).sql).toBe(
      'insert into "outbox" ("id", "topic", "payload") values ($1, $2, $3)',
    );
    expect(combinedStatement(single)).toBe(combinedStatement(single));
  });
});
