import { isTrussError, type TrussError } from '@truss/core';
import { describe, expect, it } from 'vitest';
import { createDatabase } from './create-database.js';
import { parseDatabaseUrl } from './parse-database-url.js';

async function failure(promise: Promise<unknown>): Promise<TrussError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isTrussError(error)) throw new Error(`expected a TrussError, got ${String(error)}`);
  return error;
}

describe('parseDatabaseUrl', () => {
  it('reads each supported scheme', () => {
    expect(parseDatabaseUrl('sqlite::memory:')).toMatchObject({ dialect: 'sqlite', filename: ':memory:' });
    expect(parseDatabaseUrl('sqlite:./data/truss.db')).toMatchObject({ filename: './data/truss.db' });
    expect(parseDatabaseUrl('sqlite:///tmp/x.db')).toMatchObject({ filename: '/tmp/x.db' });
    expect(parseDatabaseUrl('postgresql://app:s3cret@db.internal/truss')).toMatchObject({
      dialect: 'postgres',
      host: 'db.internal',
      port: 5432,
      database: 'truss',
      user: 'app',
      password: 's3cret',
      display: 'postgresql://app:***@db.internal/truss',
    });
    expect(parseDatabaseUrl('mariadb://root@127.0.0.1:3307/shop')).toMatchObject({
      dialect: 'mysql',
      port: 3307,
      database: 'shop',
      password: '',
    });
    expect(parseDatabaseUrl('MYSQL://u:p%40ss@h/d')).toMatchObject({ password: 'p@ss' });
    expect(parseDatabaseUrl('mysql://u@h/d?ssl=true')).toMatchObject({ tls: 'verify' });
    expect(parseDatabaseUrl('mysql://u@h/d?ssl=skip-verify')).toMatchObject({ tls: 'no-verify' });
    expect(parseDatabaseUrl('mysql://u@h/d')).toMatchObject({ tls: 'off' });
    expect(parseDatabaseUrl('postgres://u@h/d?sslmode=require')).toMatchObject({ dialect: 'postgres' });
  });

  it.each([
    ['', /it is empty/],
    ['./data.db', /no scheme is not supported/],
    ['mongodb://h/db', /the scheme "mongodb:" is not supported/],
    ['sqlite:', /needs a file path/],
    ['postgres:h/db', /must continue with "\/\/"/],
    ['mysql://u:secret@h:3306', /names no database/],
    ['postgres://u:secret@:5432/db', /not a valid URL|names no host/],
    ['postgres://u:secret@h:99999/db', /not a valid URL/],
    ['mysql://u:secret@h/db?ssl=maybe', /ssl=maybe is not one of true, required, skip-verify, false/],
    ['mysql://u:secret@h/db?timezone=local', /parameter "timezone" is not supported \(supported: ssl\)/],
  ])('rejects %j with a precise validation_error', (url, message) => {
    let error: unknown;
    try {
      parseDatabaseUrl(url);
    } catch (e) {
      error = e;
    }
    expect(isTrussError(error) && error.code).toBe('validation_error');
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('secret');
  });
});

describe('createDatabase', () => {
  it('opens SQLite in memory with foreign keys on', async () => {
    const database = await createDatabase('sqlite::memory:');
    try {
      expect(database.dialect).toBe('sqlite');
      const { sql } = await import('kysely');
      const { rows } = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(database.db);
      expect(rows[0]?.foreign_keys).toBe(1);
    } finally {
      await database.destroy();
      await database.destroy();
    }
  });

  it('names host:port, and not the password, when a server is unreachable', async () => {
    const pg = await failure(
      createDatabase('postgres://app:hunter2@127.0.0.1:1/truss', { connectTimeoutMs: 2000 }),
    );
    expect(pg.code).toBe('service_unavailable');
    expect(pg.message).toMatch(
      /^Cannot connect to PostgreSQL at 127\.0\.0\.1:1 \(database "truss"\): connection refused/,
    );
    expect(pg.message).not.toContain('hunter2');
    const my = await failure(
      createDatabase('mysql://app:hunter2@127.0.0.1:1/truss', { connectTimeoutMs: 2000 }),
    );
    expect(my.code).toBe('service_unavailable');
    expect(my.message).toMatch(/^Cannot connect to MySQL\/MariaDB at 127\.0\.0\.1:1 \(database "truss"\)/);
    expect(my.message).not.toContain('hunter2');
  });

  it('rejects invalid options', async () => {
    const error = await failure(createDatabase('sqlite::memory:', { poolSize: 0 }));
    expect(error.code).toBe('validation_error');
  });
});
