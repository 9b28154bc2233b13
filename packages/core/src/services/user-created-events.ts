import type { UnitOfWork } from '../ports/unit-of-work.js';
import type { UserRepository } from '../ports/user-repository.js';
import { userCreatedEvent } from './domain-events.js';

/**
 * Wraps a {@link UserRepository} so that every `create` also appends a `user.created` event to
 * the outbox, in the same transaction (through `unitOfWork`): a user is never stored without its
 * event, nor an event without its user. Every other method passes through.
 *
 * @example
 * ```ts
 * const users = withUserCreatedEvents(repositories.users, repositories.unitOfWork);
 * const auth = createAuthService({ users, refreshTokens, hasher, accessTokens });
 * ```
 */
export function withUserCreatedEvents(
  users: UserRepository,
  unitOfWork: UnitOfWork,
  newId: () => string = () => globalThis.crypto.randomUUID(),
): UserRepository {
  return {
    ...users,
    findById: (id) => users.findById(id),
    findByEmail: (email) => users.findByEmail(email),
    updatePasswordHash: (id, hash) => users.updatePasswordHash(id, hash),
    create: (user) =>
      unitOfWork.run(async (repositories) => {
        const created = await repositories.users.create(user);
        await repositories.outbox.append(userCreatedEvent(newId(), created));
        return created;
      }),
  };
}
