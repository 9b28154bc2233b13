import type { ColumnType, Kysely } from 'kysely';

/**
 * A timestamp column: a `Date` on PostgreSQL and MySQL/MariaDB, an ISO 8601 UTC string
 * (`2026-01-31T12:00:00.000Z`) on SQLite, which has no date type. Repositories convert both ways.
 *
 * @example
 * ```ts
 * const row = await db.selectFrom('refresh_tokens').select('expires_at').executeTakeFirstOrThrow();
 * const expiresAt = row.expires_at instanceof Date ? row.expires_at : new Date(row.expires_at);
 * ```
 */
export type TimestampColumn = ColumnType<Date | string, Date | string, Date | string>;

/**
 * A timestamp column that the database fills in when an insert leaves it out.
 *
 * @example
 * ```ts
 * await db.insertInto('users').values({ id, email, password_hash: hash }).execute(); // created_at defaults to now
 * ```
 */
export type DefaultedTimestampColumn = ColumnType<Date | string, Date | string | undefined, Date | string>;

/**
 * The `users` table (spec §3.2).
 *
 * @example
 * ```ts
 * const admins = await db.selectFrom('users').select(['id', 'email']).where('role', '=', 'admin').execute();
 * ```
 */
export interface UsersTable {
  id: string;
  email: string;
  password_hash: string;
  first_name: string | null;
  last_name: string | null;
  role: ColumnType<string, string | undefined, string>;
  created_at: DefaultedTimestampColumn;
  updated_at: DefaultedTimestampColumn;
  /** Incremented by every administrative update (migration 0010). */
  version: Defaulted<number>;
  /**
   * The email's blind index (migration 0050): an HMAC-SHA256 of the normalised email under the
   * data key ring's index key, or the normalised email itself in a plaintext row. Unique.
   */
  email_index: ColumnType<string | null, string | null | undefined, string | null>;
  /** The data key `email`, `first_name` and `last_name` are sealed under; `null`: a plaintext row. */
  pii_key_id: ColumnType<string | null, string | null | undefined, string | null>;
}

/**
 * The `refresh_tokens` table: one row per issued refresh token, grouped in families.
 *
 * @example
 * ```ts
 * await db.deleteFrom('refresh_tokens').where('expires_at', '<', toDbDate(dialectOf(db), new Date())).execute();
 * ```
 */
export interface RefreshTokensTable {
  id: string;
  family_id: string;
  user_id: string;
  token_hash: string;
  created_at: DefaultedTimestampColumn;
  expires_at: TimestampColumn;
  used_at: TimestampColumn | null;
  revoked_at: TimestampColumn | null;
}

/** The `sessions` table: one row per login. */
export interface SessionsTable {
  id: string;
  user_id: string;
  created_at: TimestampColumn;
  expires_at: TimestampColumn;
  authenticated_at: TimestampColumn;
  revoked_at: TimestampColumn | null;
}

/** The `password_resets` table: single-use reset tokens, hashed. */
export interface PasswordResetsTable {
  id: string;
  user_id: string;
  token_hash: string;
  created_at: TimestampColumn;
  expires_at: TimestampColumn;
  used_at: TimestampColumn | null;
}

/** The `mfa_factors` table: one TOTP factor per user. */
export interface MfaFactorsTable {
  user_id: string;
  sealed_secret: string;
  confirmed_at: TimestampColumn | null;
  /** A bigint: pg answers it as a string. */
  last_used_step: ColumnType<string | number | null, number | null, number | null>;
  created_at: DefaultedTimestampColumn;
}

/** The `payment_attempts` table: one attempt per order version (migration `0040_order_integrity`). */
export interface PaymentAttemptsTable {
  order_id: string;
  order_version: number;
  /** `charging`, `unknown`, `succeeded`, `declined` or `refunded`. */
  state: string;
  claimed_at: TimestampColumn;
}

/**
 * The `idempotency_keys` table: the first answer to a `POST` sent with an `Idempotency-Key`, per
 * caller (migration `0040_order_integrity`).
 */
export interface IdempotencyKeysTable {
  scope: string;
  idempotency_key: string;
  fingerprint: string;
  /** `in_progress` or `completed`. */
  state: string;
  status: number | null;
  /** The answer's headers and body, as JSON. */
  response: string | null;
  locked_until: TimestampColumn;
  expires_at: TimestampColumn;
}

/** The `mfa_recovery_codes` table: single-use codes, hashed. */
export interface MfaRecoveryCodesTable {
  id: string;
  user_id: string;
  code_hash: string;
  created_at: DefaultedTimestampColumn;
  used_at: TimestampColumn | null;
}

/**
 * A money column: a decimal string on PostgreSQL and MySQL, integer cents on SQLite.
 *
 * @example
 * ```ts
 * const row = await db.selectFrom('products').select('price').executeTakeFirstOrThrow();
 * const price = fromDbMoney(dialectOf(db), row.price); // '19.99'
 * ```
 */
export type MoneyColumn = ColumnType<string | number, string | number, string | number>;

/** A column the database fills in when an insert leaves it out. */
type Defaulted<T> = ColumnType<T, T | undefined, T>;

/**
 * The `products` table (spec §3.1), with a `version` for optimistic concurrency.
 *
 * @example
 * ```ts
 * const soldOut = await db.selectFrom('products').select('id').where('stock', '=', 0).execute();
 * ```
 */
export interface ProductsTable {
  id: string;
  name: string;
  description: string | null;
  price: MoneyColumn;
  stock: number;
  version: Defaulted<number>;
  created_at: DefaultedTimestampColumn;
  updated_at: DefaultedTimestampColumn;
}

/**
 * The `orders` table (spec §3.1), with a `version` for optimistic concurrency.
 *
 * @example
 * ```ts
 * const pending = await db.selectFrom('orders').select('id').where('status', '=', 'pending').execute();
 * ```
 */
export interface OrdersTable {
  id: string;
  user_id: string;
  total: MoneyColumn;
  status: Defaulted<string>;
  version: Defaulted<number>;
  created_at: DefaultedTimestampColumn;
  updated_at: DefaultedTimestampColumn;
  /** Set when the order ships (migration 0010). */
  tracking_number: Defaulted<string | null>;
}

/**
 * The `order_items` table (spec §3.1); `line_no` keeps the items in the order they were given.
 *
 * @example
 * ```ts
 * const lines = await db.selectFrom('order_items').selectAll().where('order_id', '=', orderId).orderBy('line_no').execute();
 * ```
 */
export interface OrderItemsTable {
  id: string;
  order_id: string;
  line_no: number;
  product_id: string;
  quantity: number;
  unit_price: MoneyColumn;
}

/**
 * The `outbox` table: events written with the change they describe, relayed afterwards.
 *
 * @example
 * ```ts
 * const backlog = await db.selectFrom('outbox').select((eb) => eb.fn.countAll().as('n')).where('published_at', 'is', null).executeTakeFirstOrThrow();
 * ```
 */
export interface OutboxTable {
  id: string;
  topic: string;
  /** JSON text. */
  payload: string;
  created_at: DefaultedTimestampColumn;
  published_at: TimestampColumn | null;
  attempts: Defaulted<number>;
  /** Until when a relay holds it (migration 0020); `null` when unclaimed. */
  claimed_until: TimestampColumn | null;
}

/**
 * The `audit_log` table: append-only record of security-relevant actions.
 *
 * @example
 * ```ts
 * const logins = await db.selectFrom('audit_log').selectAll().where('action', '=', 'auth.login').limit(50).execute();
 * ```
 */
export interface AuditLogTable {
  id: string;
  actor_id: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  /** JSON text of an object, or `null`. */
  details: string | null;
  ip: string | null;
  created_at: DefaultedTimestampColumn;
}

/**
 * The `processed_events` table: which events each consumer has applied (migration 0060).
 *
 * @example
 * ```ts
 * const seen = await db.selectFrom('processed_events').select('event_id').where('consumer', '=', 'analytics').execute();
 * ```
 */
export interface ProcessedEventsTable {
  consumer: string;
  event_id: string;
  processed_at: DefaultedTimestampColumn;
}

/**
 * The `daily_sales` table: orders and revenue per UTC day (migration 0061); `revenue` is a
 * {@link MoneyColumn} of a wider precision.
 *
 * @example
 * ```ts
 * const january = await db.selectFrom('daily_sales').selectAll().where('day', '>=', '2030-01-01').execute();
 * ```
 */
export interface DailySalesTable {
  /** `YYYY-MM-DD`. */
  day: string;
  orders: Defaulted<number>;
  revenue: MoneyColumn;
  updated_at: DefaultedTimestampColumn;
}

/**
 * The tables of the Truss schema as kysely sees them: the `Database` type parameter of the
 * `Kysely<Database>` that {@link createDatabase} returns.
 *
 * @example
 * ```ts
 * import type { Kysely } from 'kysely';
 * import type { Database } from '@truss/repos';
 *
 * async function countUsers(db: Kysely<Database>): Promise<number> {
 *   const row = await db.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
 *   return Number(row.n);
 * }
 * ```
 */
export interface Database {
  users: UsersTable;
  refresh_tokens: RefreshTokensTable;
  products: ProductsTable;
  orders: OrdersTable;
  order_items: OrderItemsTable;
  outbox: OutboxTable;
  audit_log: AuditLogTable;
  mfa_factors: MfaFactorsTable;
  mfa_recovery_codes: MfaRecoveryCodesTable;
  sessions: SessionsTable;
  password_resets: PasswordResetsTable;
  payment_attempts: PaymentAttemptsTable;
  idempotency_keys: IdempotencyKeysTable;
  processed_events: ProcessedEventsTable;
  daily_sales: DailySalesTable;
}

/**
 * A kysely instance (or transaction) on the Truss schema.
 *
 * @example
 * ```ts
 * function countProducts(db: TrussKysely) {
 *   return db.selectFrom('products').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
 * }
 * ```
 */
export type TrussKysely = Kysely<Database>;
