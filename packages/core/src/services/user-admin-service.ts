import { z } from 'zod';
import { emailSchema, type Principal, personNameSchema, roleSchema } from '../domain/user.js';
import { TrussError } from '../errors.js';
import type { AccessControl } from '../ports/access-control.js';
import type { Clock } from '../ports/clock.js';
import { systemClock } from '../ports/clock.js';
import type { Page } from '../ports/page.js';
import type { UnitOfWork } from '../ports/unit-of-work.js';
import type {
  UserAdminRepository,
  UserChanges,
  UserListQuery,
  UserRecord,
} from '../ports/user-admin-repository.js';
import { parseInput } from '../validation.js';

/**
 * What {@link createUserAdminService} needs.
 *
 * @example
 * ```ts
 * const deps: UserAdminServiceDeps = { userAdmin: repositories.userAdmin, unitOfWork, access };
 * ```
 */
export interface UserAdminServiceDeps {
  userAdmin: UserAdminRepository;
  unitOfWork: UnitOfWork;
  access: AccessControl;
  /** Default: the system clock. */
  clock?: Clock;
  /** Default: `crypto.randomUUID()`. */
  newId?: () => string;
  /**
   * Ends the user's current access tokens, called after a role change (tokens carry the role) and a
   * deletion. `@truss/auth`'s `AuthService.revokeAccess` fits. Default: nothing (tokens then live
   * until they expire).
   */
  revokeAccess?: (userId: string) => void | Promise<void>;
}

/**
 * Input of {@link UserAdminService.update}: the fields to change, at least one; `role` only for an
 * Admin.
 *
 * @example
 * ```ts
 * userUpdateInputSchema.parse({ firstName: 'Ada', role: 'manager' });
 * ```
 */
export const userUpdateInputSchema = z
  .strictObject({
    email: emailSchema.optional(),
    firstName: personNameSchema.nullable().optional(),
    lastName: personNameSchema.nullable().optional(),
    role: roleSchema.optional(),
  })
  .refine((body) => Object.values(body).some((v) => v !== undefined), 'Nothing to change');

/**
 * Input of {@link UserAdminService.update}; see {@link userUpdateInputSchema}.
 *
 * @example
 * ```ts
 * const changes: UserUpdateInput = { lastName: 'Lovelace' };
 * ```
 */
export type UserUpdateInput = z.input<typeof userUpdateInputSchema>;

/**
 * User administration (spec §4.1): list, get, update (owner or Admin), delete and role change (Admin).
 *
 * @example
 * ```ts
 * await admin.update(adminPrincipal, userId, { role: 'manager' }, 3); // 409 when not at version 3
 * ```
 */
export interface UserAdminService {
  /**
   * A page of users for an Admin (403 for anyone else), filtered by role and email prefix, sorted.
   * The query is validated by the repository.
   */
  list(principal: Principal | null, query?: UserListQuery): Promise<Page<UserRecord>>;
  /**
   * A user with its version, when the caller may read it (404 otherwise). Which of its fields the
   * caller may see is for the view to decide (`AccessControl.pickReadable`).
   */
  get(principal: Principal | null, id: string): Promise<UserRecord>;
  /**
   * Updates a user. The owner changes its own names and email; an Admin anyone's, and `role`.
   * `expectedVersion` (from `If-Match`) makes a stale write a 409 `conflict`. Role changes are
   * audited in the same transaction, and end the user's access tokens (`revokeAccess`).
   */
  update(
    principal: Principal | null,
    id: string,
    input: UserUpdateInput,
    expectedVersion?: number,
  ): Promise<UserRecord>;
  /**
   * Deletes a user (Admin). 404 when absent, 409 while the user has orders; audited; the user's
   * access tokens end (`revokeAccess`).
   */
  delete(principal: Principal | null, id: string): Promise<void>;
}

/** 409 when `adminId` is the last Admin; the Admins stay locked until the transaction ends. */
async function keepAnAdmin(userAdmin: UserAdminRepository, adminId: string): Promise<void> {
  const admins = await userAdmin.lockAdmins();
  const id = adminId.toLowerCase();
  if (!admins.some((other) => other.toLowerCase() !== id)) {
    throw new TrussError(
      'conflict',
      'The last Admin cannot be demoted or deleted; make another Admin first',
      {
        details: { admins: admins.length },
      },
    );
  }
}

/**
 * Builds the {@link UserAdminService}.
 *
 * @example
 * ```ts
 * const admin = createUserAdminService({ userAdmin, unitOfWork, access });
 * const page = await admin.list(principal, { role: 'manager', sort: 'asc' });
 * ```
 */
export function createUserAdminService(deps: UserAdminServiceDeps): UserAdminService {
  const clock = deps.clock ?? systemClock;
  const newId = deps.newId ?? (() => globalThis.crypto.randomUUID());

  async function load(principal: Principal | null, id: string, action: string): Promise<UserRecord> {
    deps.access.authorize(principal, action, 'user');
    const user = await deps.userAdmin.findRecord(id);
    if (!user) throw new TrussError('not_found', 'User not found');
    deps.access.authorize(principal, action, 'user', user);
    return user;
  }

  return {
    async list(principal, query = {}) {
      deps.access.authorize(principal, 'list', 'user');
      return deps.userAdmin.list(query);
    },

    get(principal, id) {
      return load(principal, id, 'read');
    },

    async update(principal, id, input, expectedVersion) {
      const body = parseInput(userUpdateInputSchema, input, 'user changes');
      const target = await load(principal, id, 'update');
      deps.access.assertWritable(principal, 'user', target, body);
      if (body.role !== undefined) deps.access.authorize(principal, 'change-role', 'user', target);
      const changes: UserChanges = Object.fromEntries(
        Object.entries(body).filter(([, value]) => value !== undefined),
      );
      const updated = await deps.unitOfWork.run(async ({ userAdmin, auditLog }) => {
        if (target.role === 'admin' && body.role !== undefined && body.role !== 'admin') {
          await keepAnAdmin(userAdmin, target.id);
        }
        const user = await userAdmin.update(target.id, changes, expectedVersion ?? target.version);
        if (body.role !== undefined && body.role !== target.role) {
          await auditLog.record({
            id: newId(),
            actorId: principal?.userId ?? null,
            action: 'user.role_changed',
            targetType: 'user',
            targetId: target.id,
            details: { from: target.role, to: body.role },
            ip: null,
            createdAt: clock.now(),
          });
        }
        return user;
      });
      if (body.role !== undefined && body.role !== target.role) await deps.revokeAccess?.(target.id);
      return updated;
    },

    async delete(principal, id) {
      const target = await load(principal, id, 'delete');
      await deps.unitOfWork.run(async ({ userAdmin, auditLog }) => {
        if (target.role === 'admin') await keepAnAdmin(userAdmin, target.id);
        if (!(await userAdmin.delete(target.id))) throw new TrussError('not_found', 'User not found');
        await auditLog.record({
          id: newId(),
          actorId: principal?.userId ?? null,
          action: 'user.deleted',
          targetType: 'user',
          targetId: target.id,
          details: { role: target.role },
          ip: null,
          createdAt: clock.now(),
        });
      });
      await deps.revokeAccess?.(target.id);
    },
  };
}
