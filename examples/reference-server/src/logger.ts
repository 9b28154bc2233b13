import { pinoRedactPaths, REDACTED } from '@truss/http';
import type { DestinationStream, Logger } from 'pino';
import { pino } from 'pino';
import type { Config } from './config.js';

/**
 * The server's pino logger: JSON lines at `LOG_LEVEL`, with secrets and personal data (passwords,
 * tokens, cookies, authorization headers, emails, names) replaced by `[redacted]` wherever they
 * appear in a line's first three levels.
 *
 * @example
 * ```ts
 * const logger = createLogger(loadConfig(process.env));
 * ```
 */
export function createLogger(config: Pick<Config, 'LOG_LEVEL'>, destination?: DestinationStream): Logger {
  return pino(
    {
      level: config.LOG_LEVEL,
      base: { service: 'truss-reference-server' },
      redact: { paths: pinoRedactPaths(), censor: REDACTED },
    },
    destination,
  );
}
