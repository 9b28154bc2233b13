import { sql } from 'kysely';
import type { PreparedBatch, PreparedQuery } from '../../executor/prepared-query.js';
import { prepareQuery } from '../../executor/prepared-query.js';

/**
 * The statements of `batch` as one PostgreSQL statement: each but the last as a data-modifying
 * `WITH` (`with w0 as (insert …), w1 as (insert …) insert …`), atomic on its own, so a batch costs
 * one round trip and no `BEGIN`/`COMMIT`. Its parameters are those of the statements, in order.
 * PostgreSQL runs the parts on one snapshot: a part does not see the rows another inserts, which
 * is why {@link Executor.batch} takes statements that do not read each other's effects. Foreign
 * keys between them hold (they are checked at the end of the statement). Made once per batch.
 *
 * @example
 * ```ts
 * const single = combinedStatement(prepareBatch([insertOrder, insertItems]));
 * await pool.query(single.compile(db).sql, [...orderParameters, ...itemParameters]);
 * ```
 */
export function combinedStatement(batch: PreparedBatch): PreparedQuery<unknown> {
  return batch.memo(combinedStatement, combine);
}

function combine(batch: PreparedBatch): PreparedQuery<unknown> {
  return prepareQuery((db) => {
    const parts = batch.queries.map((query) => query.build(db));
    const last = parts.pop();
    if (last === undefined) throw new Error('A batch needs at least one statement');
    if (parts.length === 0) return last;
    const ctes = parts.map((part, index) => sql`${sql.id(`w${index}`)} as (${part})`);
    return sql`with ${sql.join(ctes)} ${last}`;
  });
}
