import { z } from 'zod';
import type { RegisterInput } from '../domain/user.js';
import {
  emailSchema,
  passwordSchema,
  type Role,
  registerInputSchema,
  roleSchema,
  type User,
} from '../domain/user.js';
import { TrussError } from '../errors.js';
import type { Clock } from '../ports/clock.js';
import { systemClock } from '../ports/clock.js';
import type { PasswordHasher } from '../ports/password-hasher.js';
import type { PasswordPolicy } from '../ports/password-policy.js';
import type { UserRepository } from '../ports/user-repository.js';
import { parseInput } from '../validation.js';

/** What {@link createUserService} needs. */
export interface UserServiceDeps {
  users: UserRepository;
  hasher: PasswordHasher;
  /** Default: the system clock. */
  clock?: Clock;
  /** Default: `crypto.randomUUID()`. */
  newId?: () => string;
  /** Extra rules for new passwords (e.g. no common passwords). Default: length bounds only. */
  passwordPolicy?: PasswordPolicy;
}

/**
 * Input of {@link UserService.ensureUser}.
 *
 * @example
 * ```ts
 * ensureUserInputSchema.parse({ email: 'admin@example.com', password: 'a long admin password', role: 'admin' });
 * ```
 */
export const ensureUserInputSchema = z.strictObject({
  email: emailSchema,
  password: passwordSchema,
  role: roleSchema,
});

/**
 * Input of {@link UserService.ensureUser}; see {@link ensureUserInputSchema}.
 *
 * @example
 * ```ts
 * const input: EnsureUserInput = { email: 'admin@example.com', password: 'a long admin password', role: 'admin' };
 * ```
 */
export type EnsureUserInput = z.input<typeof ensureUserInputSchema>;

/** User use cases that need no HTTP. */
export interface UserService {
  /**
   * Creates a user with role `user`. Validates the input (422 `validation_error`), hashes the
   * password, and throws `conflict` when the email is taken — after hashing, so that answer takes
   * as long as a registration does.
   */
  register(input: RegisterInput): Promise<User>;
  /** The user with this id; throws `not_found` when there is none. */
  getById(id: string): Promise<User>;
  /**
   * Creates a user with the given role unless one with this email exists; returns whether it
   * created one. Existing users are left untouched (their password and role stay).
   */
  ensureUser(input: EnsureUserInput): Promise<{ user: User; created: boolean }>;
}

/**
 * Builds the {@link UserService}.
 *
 * @example
 * ```ts
 * const users = createUserService({ users: userRepository, hasher });
 * const alice = await users.register({ email: 'alice@example.com', password: 'correct horse battery' });
 * ```
 */
export function createUserService(deps: UserServiceDeps): UserService {
  const clock = deps.clock ?? systemClock;
  const newId = deps.newId ?? (() => globalThis.crypto.randomUUID());

  function checkPassword(password: string, email: string): void {
    const problem = deps.passwordPolicy?.(password, { email }) ?? null;
    if (problem !== null) {
      throw new TrussError('validation_error', 'Invalid password', {
        details: [{ path: 'password', message: problem }],
      });
    }
  }

  async function create(
    email: string,
    passwordHash: string,
    role: Role,
    names: { firstName?: string | null; lastName?: string | null },
  ) {
    const now = clock.now();
    return deps.users.create({
      id: newId(),
      email,
      passwordHash,
      firstName: names.firstName ?? null,
      lastName: names.lastName ?? null,
      role,
      createdAt: now,
      updatedAt: now,
    });
  }

  return {
    async register(input) {
      const data = parseInput(registerInputSchema, input, 'registration');
      checkPassword(data.password, data.email);
      // Hash before looking the email up: a taken email costs the same argon2 work as a new one,
      // so the answer's timing does not tell which emails have accounts.
      const passwordHash = await deps.hasher.hash(data.password);
      if (await deps.users.findByEmail(data.email)) {
        throw new TrussError('conflict', 'An account with this email already exists');
      }
      return create(data.email, passwordHash, 'user', data);
    },

    async getById(id) {
      const user = await deps.users.findById(id);
      if (!user) throw new TrussError('not_found', 'User not found');
      return user;
    },

    async ensureUser(input) {
      const data = parseInput(ensureUserInputSchema, input, 'user');
      const existing = await deps.users.findByEmail(data.email);
      if (existing) return { user: existing, created: false };
      checkPassword(data.password, data.email);
      const passwordHash = await deps.hasher.hash(data.password);
      return { user: await create(data.email, passwordHash, data.role, {}), created: true };
    },
  };
}
