import {
  type Clock,
  emailSchema,
  type NewUser,
  parseInput,
  type Role,
  systemClock,
  TrussError,
  type User,
  type UserRepository,
  userSchema,
} from '@truss/core';
import type { Kysely, Selectable } from 'kysely';
import { z } from 'zod';
import { dialectOf, fromDbDate, isUuid, toDbDate } from '../dialect.js';
import { toTrussError, withDatabaseErrors } from '../errors.js';
import { prepared } from '../prepared.js';
import { type ReadOptions, readerOf } from '../reader.js';
import type { Database, UsersTable } from '../schema.js';

/**
 * Options of {@link createUserRepository}.
 *
 * @example
 * ```ts
 * createUserRepository(db, { clock: { now: () => new Date('2030-01-01T00:00:00Z') } });
 * ```
 */
export interface UserRepositoryOptions extends ReadOptions {
  /** Source of `updatedAt` on updates, and of `createdAt` when a new user has none. Default: the system clock. */
  clock?: Clock;
}

const newUserSchema = userSchema.extend({
  id: z.uuid().toLowerCase(),
  createdAt: z.date().optional(),
  updatedAt: z.date().optional(),
});

const passwordHashSchema = userSchema.shape.passwordHash;

const EMAIL_TAKEN = 'An account with this email already exists';

/** A `users` row as the domain's `User`. */
export function toUser(row: Selectable<UsersTable>): User {
  return {
    id: row.id,
    email: row.email,
    passwordHash: row.password_hash,
    firstName: row.first_name,
    lastName: row.last_name,
    role: row.role as Role,
    createdAt: fromDbDate(row.created_at),
    updatedAt: fromDbDate(row.updated_at),
  };
}

/**
 * The {@link UserRepository} of `@truss/core` on kysely, for PostgreSQL, MySQL/MariaDB and SQLite
 * (the schema of {@link migrateToLatest}). A taken email is a `conflict` `TrussError`, an invalid
 * user a `validation_error`; no driver error ever escapes. Ids are stored lower-case;
 * `findById` answers `null` for a string that is not a UUID without asking the database.
 *
 * @example
 * ```ts
 * const users = createUserRepository(db);
 * await users.create({ id: crypto.randomUUID(), email: 'ada@example.com', passwordHash, firstName: 'Ada', lastName: null, role: 'user' });
 * const ada = await users.findByEmail('ada@example.com');
 * ```
 */
export function createUserRepository(
  db: Kysely<Database>,
  options: UserRepositoryOptions = {},
): UserRepository {
  const dialect = dialectOf(db);
  const clock = options.clock ?? systemClock;
  const read = readerOf(db, options);
  const byId = prepared((k) => k.selectFrom('users').selectAll().where('id', '=', ''));
  const byEmail = prepared((k) => k.selectFrom('users').selectAll().where('email', '=', ''));
  const findBy = (query: typeof byId, value: string): User | null | Promise<User | null> => {
    const source = read();
    let row: Selectable<UsersTable> | null | undefined;
    try {
      row = query.oneNow(source, [value]);
    } catch (error) {
      throw toTrussError(error);
    }
    if (row !== undefined) return row === null ? null : toUser(row);
    return withDatabaseErrors(() => query(source, value)).then(([row]) => (row ? toUser(row) : null));
  };

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
              email: user.email,
              password_hash: user.passwordHash,
              first_name: user.firstName,
              last_name: user.lastName,
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
      return findBy(byId, id.toLowerCase());
    },

    async findByEmail(email: string) {
      const parsed = emailSchema.safeParse(email);
      if (!parsed.success) return null;
      return findBy(byEmail, parsed.data);
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
