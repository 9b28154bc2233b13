import {
  type Clock,
  emailSchema,
  type FieldCipher,
  parseInput,
  personNameSchema,
  roleSchema,
  systemClock,
  TrussError,
  type UserAdminRepository,
  type UserChanges,
  type UserListQuery,
  type UserRecord,
  type UserScanOptions,
} from '@truss/core';
import { type Selectable, type SqlBool, sql, type Updateable } from 'kysely';
import { z } from 'zod';
import { isUuid, toDbDate } from '../dialect.js';
import { classifyDatabaseError, toTrussError, withDatabaseErrors } from '../errors.js';
import { executorOf, type RepositorySource } from '../executor/create-executor.js';
import type { Executor } from '../executor/executor.js';
import { filteredKeysetPage } from '../pagination/filtered-keyset-page.js';
import { keysetPage, pageRequestShape, sortSchema } from '../pagination/keyset-page.js';
import { keysetScan } from '../pagination/keyset-scan.js';
import { type ReadOptions, readerOf } from '../reader.js';
import type { UsersTable } from '../schema.js';
import { updateAtVersion, versionMiss, versionSchema } from '../versioned-update.js';
import { type UserPiiCodec, userPiiCodec } from './user-pii.js';
import { toUser } from './user-repository.js';

/**
 * Options of {@link createUserAdminRepository}.
 *
 * @example
 * ```ts
 * createUserAdminRepository(database.executor, { reader: database.readExecutor } satisfies UserAdminRepositoryOptions);
 * ```
 */
export interface UserAdminRepositoryOptions extends ReadOptions {
  /** Source of `updatedAt` on updates. Default: the system clock. */
  clock?: Clock;
  /** Seals emails and names at rest; see {@link UserRepositoryOptions.cipher}. */
  cipher?: FieldCipher | null | undefined;
}

const changesSchema = z
  .strictObject({
    email: emailSchema.optional(),
    firstName: personNameSchema.nullable().optional(),
    lastName: personNameSchema.nullable().optional(),
    role: roleSchema.optional(),
  })
  .refine((c) => Object.values(c).some((v) => v !== undefined), 'Nothing to change');
const listSchema = z.strictObject({
  ...pageRequestShape,
  role: roleSchema.optional(),
  emailPrefix: z.string().trim().toLowerCase().min(1).max(255).optional(),
  sort: sortSchema,
});
const scanSchema = z.strictObject({
  batchSize: z.number().int().min(1).max(1000).default(500),
  role: roleSchema.optional(),
});

function toRecord(row: Selectable<UsersTable>, codec: UserPiiCodec): UserRecord {
  return { ...toUser(row, codec), version: Number(row.version) };
}

/**
 * `LIKE … ESCAPE '!'` pattern of a prefix, its wildcards escaped (the value itself is a bound
 * parameter). `!` because SQLite has no default escape and backslashes read differently per database.
 */
function prefixPattern(prefix: string): string {
  return `${prefix.replace(/[!%_]/g, (c) => `!${c}`)}%`;
}

/**
 * The {@link UserAdminRepository} of `@truss/core` on kysely: versioned updates compared in the
 * same statement, keyset-paginated lists in either direction, and a batched scan for exports. With
 * a cipher, emails and names are sealed (an update writes the row's personal data again under the
 * current key), and an `emailPrefix` filter is matched after decryption while walking the list in
 * order: it reads every user it passes, not only the matches.
 *
 * @example
 * ```ts
 * const userAdmin = createUserAdminRepository(database.executor, { cipher });
 * const page = await userAdmin.list({ role: 'manager', sort: 'asc', limit: 50 });
 * ```
 */
export function createUserAdminRepository(
  source: RepositorySource,
  options: UserAdminRepositoryOptions = {},
): UserAdminRepository {
  const executor = executorOf(source);
  const { dialect, db } = executor;
  const clock = options.clock ?? systemClock;
  const read = readerOf(executor, options);
  const codec = userPiiCodec(options.cipher);
  const records = (rows: Selectable<UsersTable>[]) => rows.map((row) => toRecord(row, codec));
  const find = async (on: Executor, id: string) => {
    const row = await withDatabaseErrors(() =>
      on.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst(),
    );
    return row ? toRecord(row, codec) : null;
  };

  return {
    async findRecord(id) {
      return isUuid(id) ? find(read(), id.toLowerCase()) : null;
    },

    async list(query: UserListQuery = {}) {
      const q = parseInput(listSchema, query, 'user query');
      const base = read()
        .db.selectFrom('users')
        .selectAll()
        .$if(q.role !== undefined, (b) => b.where('role', '=', q.role ?? 'user'));
      const prefix = q.emailPrefix;
      if (prefix !== undefined && codec.sealed) {
        // A sealed email cannot be matched in SQL: walk the users in order and match them opened.
        return filteredKeysetPage(dialect, q, base, records, (u) => u.email.startsWith(prefix));
      }
      const page = keysetPage(dialect, q);
      return page.fetch(
        base.$if(prefix !== undefined, (b) =>
          b.where(sql<SqlBool>`email like ${prefixPattern(prefix ?? '')} escape '!'`),
        ),
        records,
      );
    },

    async update(id: string, changes: UserChanges, expectedVersion: number) {
      const data = parseInput(changesSchema, changes, 'user changes');
      const set: Updateable<UsersTable> = { updated_at: toDbDate(dialect, clock.now()) };
      const touchesPii =
        data.email !== undefined || data.firstName !== undefined || data.lastName !== undefined;
      if (touchesPii) {
        // The whole row is written again under the current key (its email index too); the
        // versioned update refuses it if the row changed since this read.
        parseInput(versionSchema, expectedVersion, 'version');
        const current = isUuid(id) ? await find(executor, id.toLowerCase()) : null;
        if (!current) throw versionMiss('User', expectedVersion, null);
        Object.assign(
          set,
          codec.toColumns(current.id, {
            email: data.email ?? current.email,
            firstName: data.firstName === undefined ? current.firstName : data.firstName,
            lastName: data.lastName === undefined ? current.lastName : data.lastName,
          }),
        );
      }
      if (data.role !== undefined) set.role = data.role;
      return updateAtVersion(executor, {
        entity: 'User',
        id,
        expectedVersion,
        change: { table: 'users', set },
        read: (key) => find(executor, key),
        errors: { conflict: 'An account with this email already exists' },
      });
    },

    async delete(id: string) {
      if (!isUuid(id)) return false;
      const key = id.toLowerCase();
      try {
        // Refresh tokens (and MFA factors) go with the user: their foreign keys cascade.
        const result = await db.deleteFrom('users').where('id', '=', key).executeTakeFirst();
        return result.numDeletedRows > 0n;
      } catch (error) {
        const failure = classifyDatabaseError(error);
        if (failure === 'still_referenced' || failure === 'missing_reference') {
          throw new TrussError('conflict', 'The user still has orders', { cause: error });
        }
        throw toTrussError(error);
      }
    },

    async lockAdmins() {
      const rows = await withDatabaseErrors(() =>
        db
          .selectFrom('users')
          .select('id')
          .where('role', '=', 'admin')
          .orderBy('id')
          .$if(dialect !== 'sqlite', (b) => b.forUpdate())
          .execute(),
      );
      return rows.map((row) => row.id);
    },

    async *scan(scanOptions: UserScanOptions = {}) {
      const o = parseInput(scanSchema, scanOptions, 'scan options');
      yield* keysetScan({
        read,
        batchSize: o.batchSize,
        query: (on) =>
          on.db
            .selectFrom('users')
            .selectAll()
            .$if(o.role !== undefined, (b) => b.where('role', '=', o.role ?? 'user')),
        map: records,
      });
    },
  };
}
