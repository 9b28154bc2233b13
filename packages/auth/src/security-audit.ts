import type { AuditLogRepository, Clock } from '@truss/core';

/**
 * Records one security event (`auth.login`, `auth.login_failed`, …) about a user, from an address.
 * Resolves once it is stored; a no-op without an audit log.
 *
 * @example
 * ```ts
 * await audit('auth.logout_all', userId, ip);
 * ```
 */
export type SecurityAudit = (
  action: string,
  userId: string | null,
  ip: string | undefined,
  details?: Record<string, unknown> | null,
) => Promise<void>;

/**
 * The {@link SecurityAudit} of the auth service: one audit-log row per event, about the user it
 * concerns (actor and target), with the client address.
 *
 * @example
 * ```ts
 * const audit = createSecurityAudit(repositories.auditLog, systemClock);
 * await audit('auth.login', user.id, '203.0.113.7');
 * ```
 */
export function createSecurityAudit(
  log: Pick<AuditLogRepository, 'record'> | undefined,
  clock: Clock,
): SecurityAudit {
  if (!log) return async () => {};
  return async (action, userId, ip, details = null) => {
    await log.record({
      id: globalThis.crypto.randomUUID(),
      actorId: userId,
      action,
      targetType: userId ? 'user' : null,
      targetId: userId,
      details,
      ip: ip ?? null,
      createdAt: clock.now(),
    });
  };
}
