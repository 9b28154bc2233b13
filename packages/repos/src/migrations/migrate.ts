import { isTrussError, parseInput, TrussError } from '@truss/core';
import { type MigrationResultSet, Migrator, NO_MIGRATIONS } from 'kysely/migration';
import { z } from 'zod';
import { type AnyKysely, dialectOf } from '../dialect.js';
import { MIGRATIONS } from './index.js';

/**
 * One migration that ran.
 *
 * @example
 * ```ts
 * for (const step of await migrateToLatest(db)) console.log(step.direction, step.name);
 * ```
 */
export interface MigrationStep {
  /** The migration's name, e.g. `0001_users`. */
  readonly name: string;
  readonly direction: 'up' | 'down';
}

/**
 * A migration and whether it has been applied to the database.
 *
 * @example
 * ```ts
 * const pending = (await migrationStatus(db)).filter((m) => m.executedAt === null);
 * ```
 */
export interface MigrationState {
  readonly name: string;
  /** When it was applied; `null` while pending. */
  readonly executedAt: Date | null;
}

/**
 * Options of {@link migrateDown}.
 *
 * @example
 * ```ts
 * await migrateDown(db, { steps: 2 });
 * ```
 */
export interface MigrateDownOptions {
  /** How many migrations to undo, or `'all'`. Default 1. */
  steps?: number | 'all';
}

const downOptionsSchema = z.strictObject({
  steps: z.union([z.number().int().min(1), z.literal('all')]).default(1),
});

/**
 * The table where applied migrations are recorded.
 *
 * @example
 * ```ts
 * const applied = await db.selectFrom(MIGRATION_TABLE as never).selectAll().execute();
 * ```
 */
export const MIGRATION_TABLE = 'truss_migrations';

function migrator(db: AnyKysely): Migrator {
  dialectOf(db); // validates `db`
  return new Migrator({
    db,
    provider: { getMigrations: async () => ({ ...MIGRATIONS }) },
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: `${MIGRATION_TABLE}_lock`,
  });
}

function report({ error, results }: MigrationResultSet): MigrationStep[] {
  const steps = (results ?? [])
    .filter((r) => r.status === 'Success')
    .map((r) => ({ name: r.migrationName, direction: r.direction === 'Up' ? 'up' : 'down' }) as const);
  if (error !== undefined) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    const reason = error instanceof Error ? error.message : String(error);
    throw new TrussError(
      'internal_error',
      failed ? `Migration ${failed} failed: ${reason}` : `Migrations could not run: ${reason}`,
      { cause: error, details: { applied: steps } },
    );
  }
  return steps;
}

/**
 * Applies every pending migration, in order, and returns those it ran (none when the schema is
 * current). Safe to call at every start: concurrent callers wait on kysely's migration lock.
 * Throws an `internal_error` `TrussError` naming the migration that failed.
 *
 * @example
 * ```ts
 * const { db } = await createDatabase(process.env.DATABASE_URL ?? 'sqlite:./data/truss.db');
 * await migrateToLatest(db); // [{ name: '0001_users', direction: 'up' }, …]
 * ```
 */
export async function migrateToLatest(db: AnyKysely): Promise<MigrationStep[]> {
  return report(await migrator(db).migrateToLatest());
}

/**
 * Undoes the last applied migration, or the last `steps` of them, or all of them with
 * `{ steps: 'all' }`. Returns the migrations it undid, newest first.
 *
 * @example
 * ```ts
 * await migrateDown(db); // undoes the newest migration
 * await migrateDown(db, { steps: 'all' }); // back to an empty schema
 * ```
 */
export async function migrateDown(db: AnyKysely, options: MigrateDownOptions = {}): Promise<MigrationStep[]> {
  const { steps } = parseInput(downOptionsSchema, options, 'migration options');
  const m = migrator(db);
  if (steps === 'all') return report(await m.migrateTo(NO_MIGRATIONS));
  const done: MigrationStep[] = [];
  for (let i = 0; i < steps; i++) {
    const ran = report(await m.migrateDown());
    if (ran.length === 0) break;
    done.push(...ran);
  }
  return done;
}

/**
 * Every known migration, oldest first, with when it was applied (`null` while pending).
 *
 * @example
 * ```ts
 * const pending = (await migrationStatus(db)).filter((m) => m.executedAt === null);
 * ```
 */
export async function migrationStatus(db: AnyKysely): Promise<MigrationState[]> {
  try {
    const migrations = await migrator(db).getMigrations();
    return migrations.map((m) => ({ name: m.name, executedAt: m.executedAt ?? null }));
  } catch (error) {
    if (isTrussError(error)) throw error;
    throw new TrussError('internal_error', 'Could not read the migration status', { cause: error });
  }
}
