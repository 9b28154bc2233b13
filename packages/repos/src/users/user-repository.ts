import {
  type Clock,
  emailSchema,
  type FieldCipher,
  type NewUser,
  parseInput,
  type Role,
  systemClock,
  TrussError,
  type User,
  type UserRepository,
  userSchema,
} from '@truss/core';
import type { Selectable } from 'kysely';
import { z } from 'zod';
import { fromDbTimestamps, isUuid, toDbDate } from '../dialect.js';
import { withDatabaseErrors } from '../errors.js';
import { executorOf, type RepositorySource } from '../executor/create-executor.js';
import { findOne } from '../executor/find-one.js';
import { prepareQuery } from '../executor/prepared-query.js';
import { type ReadOptions, readerOf } from '../reader.js';
import type { UsersTable } from '../schema.js';
import { type UserPiiCodec, userPiiCodec } from './user-pii.js';

/**
 * Options of {@link createUserRepository}.
 *
 * @example
 * ```ts
 * createUserRepository(database.executor, { clock: { now: () => new Date('2030-01-01T00:00:00Z') } });
 * ```
 */
export interface UserRepositoryOptions extends ReadOptions {
  /** Source of `updatedAt` on updates, and of `createdAt` when a new user has none. Default: the system clock. */
  clock?: Clock;
  /**
   * Seals emails and names at rest and indexes emails by a keyed blind index (spec §7.3). Without
   * one, they are stored in plaintext and a `TRUSS_PLAINTEXT_PII` warning is emitted once; `null`
   * chooses plaintext without the warning.
   */
  cipher?: FieldCipher | null | undefined;
}

const newUserSchema = userSchema.extend({
  id: z.uuid().toLowerCase(),
  createdAt: z.date().optional(),
  updatedAt: z.date().optional(),
});

const passwordHashSchema = userSchema.shape.passwordHash;

const EMAIL_TAKEN = 'An account with this email already exists';

/**
 * A `users` row as the domain's `User`, its personal data opened by `codec`.
 *
 * @example
 * ```ts
 * const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
 * const user = toUser(row, userPiiCodec(cipher));
 * ```
 */
export function toUser(row: Selectable<UsersTable>, codec: UserPiiCodec): User {
  const { createdAt, updatedAt } = fromDbTimestamps(row.created_at, row.updated_at);
  return {
    id: row.id,
    ...codec.fromColumns(row.id, row),
    passwordHash: row.password_hash,
    role: row.role as Role,
    createdAt,
    updatedAt,
  };
}

/**
 * The {@link UserRepository} of `@truss/core` on kysely, for PostgreSQL, MySQL/MariaDB and SQLite
 * (the schema of {@link migrateToLatest}). With a {@link FieldCipher} (`options.cipher`), the email
 * and names are sealed with AES-256-GCM and the email is found, and kept unique, through its blind
 * index (`email_index`); rows written in plaintext before a key was configured still read and are
 * found until {@link resealUsers} seals them. A taken email is a `conflict` `TrussError`, an invalid
 * user a `validation_error`; no driver error ever escapes. Ids are stored lower-case;
 * `findById` answers `null` for a string that is not a UUID without asking the database. Key
 * lookups are prepared once and run through the executor's fast path (see {@link Executor.one}).
 *
 * @example
 * ```ts
 * const users = createUserRepository(database.executor, { cipher }); // or a kysely instance
 * await users.create({ id: crypto.randomUUID(), email: 'ada@example.com', passwordHash, firstName: 'Ada', lastName: null, role: 'user' });
 * const ada = await users.findByEmail('ada@example.com');
 * ```
 */
export function createUserRepository(
  source: RepositorySource,
  options: UserRepositoryOptions = {},
): UserRepository {
  const executor = executorOf(source);
  const { dialect, db } = executor;
  const clock = options.clock ?? systemClock;
  const read = readerOf(executor, options);
  const byId = prepareQuery((k) => k.selectFrom('users').selectAll().where('id', '=', ''));
  const codec = userPiiCodec(options.cipher);
  const toDomain = (row: Selectable<UsersTable>) => toUser(row, codec);
  const indexCount = codec.emailIndexes('a@b.c').length;
  const byEmail = prepareQuery((k) =>
    k
      .selectFrom('users')
      .selectAll()
      .where(
        'email_index',
        'in',
        Array.from({ length: indexCount }, () => ''),
      ),
  );

  return {
    async create(input: NewUser) {
      const data = parseInput(newUserSchema, input, 'user');
      const now = clock.now();
      const user: User = {
        ...data,
        createdAt: data.createdAt ?? now,
        updatedAt: data.updatedAt ?? data.createdAt ?? now,
      };
      await withDatabaseErrors(
        () =>
          db
            .insertInto('users')
            .values({
              id: user.id,
              ...codec.toColumns(user.id, user),
              password_hash: user.passwordHash,
              role: user.role,
              created_at: toDbDate(dialect, user.createdAt),
              updated_at: toDbDate(dialect, user.updatedAt),
            })
            .execute(),
        { conflict: EMAIL_TAKEN },
      );
      return user;
    },

    async findById(id: string) {
      if (!isUuid(id)) return null;
      return findOne(read(), byId, [id.toLowerCase()], toDomain);
    },

    async findByEmail(email: string) {
      const parsed = emailSchema.safeParse(email);
      if (!parsed.success) return null;
      return findOne(read(), byEmail, codec.emailIndexes(parsed.data), toDomain);
    },

    async updatePasswordHash(id: string, passwordHash: string) {
      const hash = parseInput(passwordHashSchema, passwordHash, 'password hash');
      if (!isUuid(id)) throw new TrussError('not_found', 'User not found');
      const result = await withDatabaseErrors(() =>
        db
          .updateTable('users')
          .set({ password_hash: hash, updated_at: toDbDate(dialect, clock.now()) })
          .where('id', '=', id.toLowerCase())
          .executeTakeFirst(),
      );
      if (result.numUpdatedRows === 0n) throw new TrussError('not_found', 'User not found');
    },
  };
}
