import type { NewUser, User } from '../domain/user.js';

/**
 * Storage of users. Implementations: `@truss/repos` (kysely on PostgreSQL, MySQL, SQLite); anyone can
 * write another and check it with the conformance suite of `@truss/testing`.
 *
 * Emails are stored and looked up in the normalized (lower-case) form the domain schemas produce.
 */
export interface UserRepository {
  /**
   * Stores a new user and returns it as stored. Throws a `conflict` `TrussError` when the email is
   * taken; never a raw driver error.
   */
  create(user: NewUser): Promise<User>;
  /** The user with this id, or `null` when there is none (also for an id that is not a UUID). */
  findById(id: string): Promise<User | null>;
  /** The user with this (normalized) email, or `null` when there is none. */
  findByEmail(email: string): Promise<User | null>;
  /** Replaces a user's password hash (e.g. after a rehash with stronger parameters). */
  updatePasswordHash(id: string, passwordHash: string): Promise<void>;
}
