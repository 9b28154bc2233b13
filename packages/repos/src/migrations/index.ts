import type { Migration } from 'kysely/migration';
import { usersMigration } from './0001-users.js';
import { refreshTokensMigration } from './0002-refresh-tokens.js';
import { productsMigration } from './0003-products.js';
import { ordersMigration } from './0004-orders.js';
import { outboxMigration } from './0005-outbox.js';
import { auditLogMigration } from './0006-audit-log.js';
import { mfaMigration } from './0007-mfa.js';
import { ordersApiMigration } from './0010-orders-api.js';
import { outboxClaimsMigration } from './0020-outbox-claims.js';
import { sessionsMigration } from './0030-sessions.js';
import { passwordResetsMigration } from './0031-password-resets.js';
import { orderIntegrityMigration } from './0040-order-integrity.js';
import { piiAtRestMigration } from './0050-pii-at-rest.js';
import { processedEventsMigration } from './0060-processed-events.js';
import { dailySalesMigration } from './0061-daily-sales.js';

/**
 * Every Truss migration, by name; kysely runs them in the names' alphabetical order. They are code,
 * not files read from disk, so they work from the built package. Never rename or edit a released
 * migration: add a new one.
 */
export const MIGRATIONS: Readonly<Record<string, Migration>> = Object.freeze({
  '0001_users': usersMigration,
  '0002_refresh_tokens': refreshTokensMigration,
  '0003_products': productsMigration,
  '0004_orders': ordersMigration,
  '0005_outbox': outboxMigration,
  '0006_audit_log': auditLogMigration,
  '0007_mfa': mfaMigration,
  '0010_orders_api': ordersApiMigration,
  '0020_outbox_claims': outboxClaimsMigration,
  '0030_sessions': sessionsMigration,
  '0031_password_resets': passwordResetsMigration,
  '0040_order_integrity': orderIntegrityMigration,
  '0050_pii_at_rest': piiAtRestMigration,
  '0060_processed_events': processedEventsMigration,
  '0061_daily_sales': dailySalesMigration,
});
