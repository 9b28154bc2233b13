/** An event waiting in (or sent from) the transactional outbox. */
export interface OutboxMessage {
  id: string;
  /** The event name, e.g. `order.created`. */
  topic: string;
  /** The event body; any JSON value. */
  payload: unknown;
  createdAt: Date;
  /** When a relay published it; `null` while pending. */
  publishedAt: Date | null;
  /** How many times publishing failed. */
  attempts: number;
}

/** What {@link OutboxRepository.append} needs. */
export interface NewOutboxMessage {
  id: string;
  topic: string;
  /** Must survive `JSON.stringify`. */
  payload: unknown;
  /** Default: now. */
  createdAt?: Date;
}

/**
 * The transactional outbox: events are appended in the same transaction as the change they
 * describe (through a unit of work), and a relay publishes them afterwards, at least once.
 */
export interface OutboxRepository {
  /** Appends an event. `conflict` when the id is taken. */
  append(message: NewOutboxMessage): Promise<OutboxMessage>;
  /** Up to `limit` (1–1000) unpublished events, oldest first (ties by id). */
  listPending(limit: number): Promise<OutboxMessage[]>;
  /**
   * Claims up to `limit` (1–1000) pending events, oldest first, for `leaseMs` (1 ms – 1 hour): no
   * other `claim` answers them until the lease expires or they are published. Concurrent claimers
   * never block each other (`FOR UPDATE SKIP LOCKED` on PostgreSQL and MariaDB; SQLite has a single
   * writer). A relay that crashes after claiming loses nothing: the rows come back when the lease ends.
   */
  claim(limit: number, leaseMs: number): Promise<OutboxMessage[]>;
  /** Marks events published; answers how many were newly marked. */
  markPublished(ids: readonly string[], at: Date): Promise<number>;
  /** Counts a failed publishing attempt. */
  recordFailure(id: string): Promise<void>;
}
