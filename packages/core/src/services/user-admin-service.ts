import { z } from 'zod';
import {
  emailSchema,
  type Principal,
  type PublicUser,
  personNameSchema,
  roleSchema,
  toPublicUser,
} from '../domain/user.js';
import { TrussError } from '../errors.js';
import type { AccessControl } from '../ports/access-control.js';
import type { Clock } from '../ports/clock.js';
import { systemClock } from '../ports/clock.js';
import type { Page } from '../ports/page.js';
import type { UnitOfWork } from '../ports/unit-of-work.js';
import type { UserAdminRepository, UserChanges, UserRecord } from '../ports/user-admin-repository.js';
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
}

/**
 * Query of {@link UserAdminService.list}, as the API takes it (strings from a query string).
 *
 * @example
 * ```ts
 * userListQuerySchema.parse({ role: 'manager', email: 'ann', sort: 'created_at' });
 * ```
 */
export const userListQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().min(1).max(200).optional(),
  role: roleSchema.optional(),
  email: z.string().trim().toLowerCase().min(1).max(255).optional(),
  sort: z.enum(['created_at', '-created_at']).default('-created_at'),
});

/**
 * Body of {@link UserAdminService.update}: snake_case as on the wire; `role` only for an Admin.
 *
 * @example
 * ```ts
 * userUpdateSchema.parse({ first_name: 'Ada', role: 'manager' });
 * ```
 */
export const userUpdateSchema = z
  .strictObject({
    email: emailSchema.optional(),
    first_name: personNameSchema.nullable().optional(),
    last_name: personNameSchema.nullable().optional(),
    role: roleSchema.optional(),
  })
  .refine((body) => Object.values(body).some((v) => v !== undefined), 'Nothing to change');

/**
 * A user as one caller may see it, and its version (for `ETag` / `If-Match`).
 *
 * @example
 * ```ts
 * const { user, version }: VersionedUser = await admin.get(principal, id); // ETag: "<version>"
 * ```
 */
export interface VersionedUser {
  user: Partial<PublicUser>;
  version: number;
}

/**
 * User administration (spec §4.1): list, get, update (owner or Admin), delete and role change (Admin).
 *
 * @example
 * ```ts
 * await admin.update(adminPrincipal, userId, { role: 'manager' }, 3); // 409 when not at version 3
 * ```
 */
export interface UserAdminService {
  /** A page of users for an Admin (403 for anyone else), filtered by role and email prefix, sorted. */
  list(principal: Principal | null, query: unknown): Promise<Page<Partial<PublicUser>>>;
  /** A user, with only the fields the caller may read (another user's email is hidden). */
  get(principal: Principal | null, id: string): Promise<VersionedUser>;
  /**
   * Updates a user. The owner changes its own names and email; an Admin anyone's, and `role`.
   * `expectedVersion` (from `If-Match`) makes a stale write a 409 `conflict`. Role changes are
   * audited in the same transaction.
   */
  update(
    principal: Principal | null,
    id: string,
    input: unknown,
    expectedVersion?: number,
  ): Promise<VersionedUser>;
  /** Deletes a user (Admin). 404 when absent, 409 while the user has orders; audited. */
  delete(principal: Principal | null, id: string): Promise<void>;
}

/**
 * Builds the {@link UserAdminService}.
 *
 * @example
 * ```ts
 * const admin = createUserAdminService({ userAdmin, unitOfWork, access });
 * const page = await admin.list(principal, { role: 'manager', sort: 'created_at' });
 * ```
 */
export function createUserAdminService(deps: UserAdminServiceDeps): UserAdminService {
  const clock = deps.clock ?? systemClock;
  const newId = deps.newId ?? (() => globalThis.crypto.randomUUID());
  const view = (principal: Principal | null, user: UserRecord) =>
    deps.access.pickReadable(principal, 'user', toPublicUser(user));

  async function load(principal: Principal | null, id: string, action: string): Promise<UserRecord> {
    deps.access.authorize(principal, action, 'user');
    const user = await deps.userAdmin.findRecord(id);
    if (!user) throw new TrussError('not_found', 'User not found');
    deps.access.authorize(principal, action, 'user', user);
    return user;
  }

  return {
    async list(principal, query) {
      deps.access.authorize(principal, 'list', 'user');
      const q = parseInput(userListQuerySchema, query, 'query');
      const page = await deps.userAdmin.list({
        limit: q.limit,
        cursor: q.cursor ?? null,
        ...(q.role ? { role: q.role } : {}),
        ...(q.email ? { emailPrefix: q.email } : {}),
        sort: q.sort === 'created_at' ? 'asc' : 'desc',
      });
      return { items: page.items.map((user) => view(principal, user)), nextCursor: page.nextCursor };
    },

    async get(principal, id) {
      const user = await load(principal, id, 'read');
      return { user: view(principal, user), version: user.version };
    },

    async update(principal, id, input, expectedVersion) {
      const body = parseInput(userUpdateSchema, input, 'body');
      const target = await load(principal, id, 'update');
      deps.access.assertWritable(principal, 'user', target, body);
      if (body.role !== undefined) deps.access.authorize(principal, 'change-role', 'user', target);
      const changes: UserChanges = {};
      if (body.email !== undefined) changes.email = body.email;
      if (body.first_name !== undefined) changes.firstName = body.first_name;
      if (body.last_name !== undefined) changes.lastName = body.last_name;
      if (body.role !== undefined) changes.role = body.role;
      const updated = await deps.unitOfWork.run(async ({ userAdmin, auditLog }) => {
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
      return { user: view(principal, updated), version: updated.version };
    },

    async delete(principal, id) {
      const target = await load(principal, id, 'delete');
      await deps.unitOfWork.run(async ({ userAdmin, auditLog }) => {
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
    },
  };
}
