import type { Page, PageRequest } from './page.js';

/** One security-relevant action: a login, a role change, a deletion. */
export interface AuditEntry {
  id: string;
  /** Who acted; `null` for the system or an anonymous caller. Kept when the user is deleted. */
  actorId: string | null;
  /** What happened, e.g. `auth.login`, `user.role_changed`, `product.deleted`. */
  action: string;
  /** What it happened to, e.g. `user` / the user's id; `null` when nothing in particular. */
  targetType: string | null;
  targetId: string | null;
  /** Extra facts as a JSON object; never secrets. */
  details: Record<string, unknown> | null;
  /** The caller's IP address, when known. */
  ip: string | null;
  createdAt: Date;
}

/** What {@link AuditLogRepository.record} needs; `createdAt` defaults to now. */
export type NewAuditEntry = Omit<AuditEntry, 'createdAt'> & { createdAt?: Date };

/** Filters of {@link AuditLogRepository.list}, newest first. */
export interface AuditLogQuery extends PageRequest {
  actorId?: string;
  action?: string;
}

/** The append-only audit log. There is no update and no delete. */
export interface AuditLogRepository {
  /** Appends an entry. `conflict` when the id is taken. */
  record(entry: NewAuditEntry): Promise<AuditEntry>;
  /** A page of entries, newest first (ties by id), filtered. */
  list(query?: AuditLogQuery): Promise<Page<AuditEntry>>;
}
