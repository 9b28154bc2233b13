import { sql } from 'kysely';
import type { Migration } from 'kysely/migration';
import { type AnyKysely, dialectOf } from '../dialect.js';

/** How wide the sealed columns are: a sealed 255-character email is about 420 characters. */
const SEALED = 'varchar(1024)';

async function setWidth(db: AnyKysely, width: { email: string; names: string }) {
  const dialect = dialectOf(db);
  // SQLite does not enforce a varchar's length: nothing to change.
  if (dialect === 'sqlite') return;
  if (dialect === 'mysql') {
    await sql`alter table users modify email ${sql.raw(width.email)} not null, modify first_name ${sql.raw(width.names)} null, modify last_name ${sql.raw(width.names)} null`.execute(
      db,
    );
    return;
  }
  await sql`alter table users alter column email type ${sql.raw(width.email)}, alter column first_name type ${sql.raw(width.names)}, alter column last_name type ${sql.raw(width.names)}`.execute(
    db,
  );
}

/**
 * Personal data at rest (spec §7.3). Adds `users.email_index` (the email's blind index: an
 * HMAC-SHA256 under a key of the data key ring, or the normalised email itself while the row is
 * plaintext) with the unique index `idx_users_email_index`, which replaces `idx_users_email` as the
 * email's uniqueness; and `users.pii_key_id`, the id of the data key the row's email and names are
 * sealed under (`null`: a plaintext row, written before encryption was configured). Widens
 * `email`, `first_name` and `last_name` for sealed values.
 *
 * A migration cannot know the keys: existing rows are indexed by their plaintext email here and
 * stay readable; the repositories seal them with `resealUsers` (the reference server does so at
 * start, and `truss-reencrypt` does it on demand).
 *
 * Down refuses while any row is sealed: the narrower columns could not hold sealed values, and a
 * migration cannot decrypt them.
 */
export const piiAtRestMigration: Migration = {
  async up(db: AnyKysely) {
    await db.schema.alterTable('users').addColumn('email_index', 'varchar(255)').execute();
    await db.schema.alterTable('users').addColumn('pii_key_id', 'varchar(32)').execute();
    await sql`update users set email_index = email`.execute(db);
    const mysql = dialectOf(db) === 'mysql';
    await (mysql
      ? db.schema.dropIndex('idx_users_email').on('users')
      : db.schema.dropIndex('idx_users_email')
    ).execute();
    await db.schema.createIndex('idx_users_email_index').on('users').column('email_index').unique().execute();
    await setWidth(db, { email: SEALED, names: SEALED });
  },
  async down(db: AnyKysely) {
    const sealed = await sql<{
      n: number | string;
    }>`select count(*) as n from users where pii_key_id is not null`.execute(db);
    if (Number(sealed.rows[0]?.n ?? 0) > 0) {
      throw new Error('Cannot undo 0050_pii_at_rest: users hold sealed personal data');
    }
    await setWidth(db, { email: 'varchar(255)', names: 'varchar(100)' });
    const mysql = dialectOf(db) === 'mysql';
    await (mysql
      ? db.schema.dropIndex('idx_users_email_index').on('users')
      : db.schema.dropIndex('idx_users_email_index')
    ).execute();
    await db.schema.createIndex('idx_users_email').on('users').column('email').unique().execute();
    await db.schema.alterTable('users').dropColumn('pii_key_id').execute();
    await db.schema.alterTable('users').dropColumn('email_index').execute();
  },
};
