import type { Migration } from 'kysely/migration';
import { usersMigration } from './0001-users.js';
import { refreshTokensMigration } from './0002-refresh-tokens.js';

/**
 * Every Truss migration, by name; kysely runs them in the names' alphabetical order. They are code,
 * not files read from disk, so they work from the built package. Never rename or edit a released
 * migration: add a new one.
 */
export const MIGRATIONS: Readonly<Record<string, Migration>> = Object.freeze({
  '0001_users': usersMigration,
  '0002_refresh_tokens': refreshTokensMigration,
});
