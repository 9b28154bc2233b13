import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateEncryptionKey, generateSigningKey, type SigningKey } from '@truss/auth';
import { type Logger, silentLogger } from '@truss/core';
import { createTestDatabase, type TestDatabase, type TestDatabaseKind } from '@truss/testing';
import type { AppOptions } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { type RunningServer, startServer } from '../src/server.js';

/** The Admin every test server creates at boot. */
export const ADMIN = { email: 'admin@truss.test', password: 'admin-password-for-tests' };

/** A reference server on a database of its own, and a tiny client for it. */
export interface TestServer {
  server: RunningServer;
  /** The private signing key the server uses (to forge expired or foreign tokens in tests). */
  signingKey: SigningKey;
  encryptionKey: string;
  database: TestDatabase;
  call(
    method: string,
    path: string,
    options?: { body?: unknown; raw?: string; token?: string; headers?: Record<string, string> },
  ): Promise<{
    status: number;
    headers: Headers;
    // biome-ignore lint/suspicious/noExplicitAny: response bodies are asserted field by field
    body: any;
  }>;
  stop(): Promise<void>;
}

/** What a second instance shares with the first: the database and the keys (see {@link startTestServer}). */
export interface SharedWith {
  database: TestDatabase;
  signingKey: SigningKey;
  encryptionKey: string;
}

/**
 * Starts the real reference server (real HTTP on loopback) on `adapter` over a fresh `kind`
 * database — or, with `sharedWith`, over another test server's database and keys (a second
 * instance of one deployment; stopping it leaves the database to its owner).
 */
export async function startTestServer(
  kind: TestDatabaseKind,
  adapter: 'fastify' | 'express',
  env: Record<string, string> = {},
  options: AppOptions = {},
  sharedWith?: SharedWith,
  logger: Logger = silentLogger,
): Promise<TestServer> {
  const database = sharedWith?.database ?? (await createTestDatabase(kind));
  const signingKey = sharedWith?.signingKey ?? (await generateSigningKey('EdDSA'));
  const encryptionKey = sharedWith?.encryptionKey ?? generateEncryptionKey();
  let server: RunningServer;
  try {
    const config = loadConfig({
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: '0',
      DATABASE_URL: database.url,
      HTTP_ADAPTER: adapter,
      JWT_KEYS: JSON.stringify([signingKey]),
      DATA_ENCRYPTION_KEY: encryptionKey,
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      COOKIE_SECURE: 'false',
      // Tests log in many times from one address: the spec's limits are set by the tests of them.
      RATE_LIMIT_AUTH: '100000',
      RATE_LIMIT_API: '100000',
      RATE_LIMIT_EXPORT: '100000',
      // Fixtures leave many orders unpaid: the cap is set by the tests of it (order-expiry.test.ts).
      MAX_PENDING_ORDERS: '1000',
      // No event workers unless a test asks for them (WORKERS: 'inline'): a test that writes to the
      // server's SQLite file through a connection of its own would wait, synchronously and so with
      // the whole process stopped, on a consumer's transaction in this same process.
      WORKERS: 'off',
      // The consumers' and the password reset's mail goes to a folder of this server's own.
      MAIL_DIR: mkdtempSync(join(tmpdir(), 'truss-test-mail-')),
      ...env,
    });
    server = await startServer(config, logger, options);
  } catch (error) {
    // A server that fails to start leaves no database behind.
    if (!sharedWith) await database.drop();
    throw error;
  }
  return {
    server,
    signingKey,
    encryptionKey,
    database,
    async call(method, path, options = {}) {
      const headers: Record<string, string> = { ...options.headers };
      if (options.token) headers.authorization = `Bearer ${options.token}`;
      let body: string | undefined = options.raw;
      if (options.body !== undefined) {
        body = JSON.stringify(options.body);
        headers['content-type'] ??= 'application/json';
      } else if (body !== undefined) {
        headers['content-type'] ??= 'application/json';
      }
      const res = await fetch(`${server.url}${path}`, { method, headers, body });
      const text = await res.text();
      return {
        status: res.status,
        headers: res.headers,
        body: text.length > 0 ? JSON.parse(text) : undefined,
      };
    },
    async stop() {
      await server.close();
      if (!sharedWith) await database.drop();
    },
  };
}
