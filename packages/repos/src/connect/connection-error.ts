import { TrussError } from '@truss/core';
import type { ServerDatabaseTarget } from './parse-database-url.js';

const REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused (is the server running and listening there?)',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ECONNRESET: 'the server closed the connection',
};

function reasonOf(error: unknown, password: string): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && REASONS[code]) return REASONS[code];
  let message = error instanceof Error && error.message !== '' ? error.message : String(error);
  if (/timeout/i.test(message)) message = 'no answer before the connection timeout';
  // Drivers do not put the password in their messages; make sure of it anyway.
  return password === '' ? message : message.split(password).join('***');
}

/**
 * The error for a server that cannot be reached or refuses us: `service_unavailable`, naming the
 * database kind, `host:port` and database, never the password.
 */
export function connectionError(target: ServerDatabaseTarget, error: unknown): TrussError {
  const label = target.dialect === 'postgres' ? 'PostgreSQL' : 'MySQL/MariaDB';
  const where = `${target.host.includes(':') ? `[${target.host}]` : target.host}:${target.port}`;
  const database = target.database === '' ? '' : ` (database "${target.database}")`;
  return new TrussError(
    'service_unavailable',
    `Cannot connect to ${label} at ${where}${database}: ${reasonOf(error, target.password)}`,
    { cause: error },
  );
}
