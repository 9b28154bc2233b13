import type { Logger } from '@truss/core';
import { redact, SENSITIVE_LOG_KEYS } from './log-redaction.js';

/** A level of {@link createJsonLogger}; `silent` writes nothing. */
export type JsonLogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

/** Options of {@link createJsonLogger}. */
export interface JsonLoggerOptions {
  /** The lowest level written. Default `error`. */
  level?: JsonLogLevel;
  /** Writes one line (without its newline). Default `console.error`: stderr on Node. */
  write?: (line: string) => void;
  /** Keys whose values are replaced by `[redacted]`. Default {@link SENSITIVE_LOG_KEYS}. */
  redactKeys?: readonly string[];
}

// pino's level numbers, so tools that read pino's output read these lines too.
const LEVELS = { debug: 20, info: 30, warn: 40, error: 50, silent: Number.POSITIVE_INFINITY } as const;

/**
 * A small logger without dependencies that writes one JSON line per entry in pino's format
 * (`{"level":50,"time":…,"msg":…,…fields}`), with secrets and personal data redacted. It is the
 * kernel's default logger, at level `error`: an unexpected error is written with its request id
 * and stack, and nothing else. Pass a pino logger for more, or `silentLogger` for nothing.
 *
 * @example
 * ```ts
 * const logger = createJsonLogger({ level: 'info' });
 * logger.child?.({ requestId: 'r-1' }).info({ orderId: 'o-1' }, 'order paid');
 * // {"level":30,"time":1767225600000,"requestId":"r-1","orderId":"o-1","msg":"order paid"}
 * ```
 */
export function createJsonLogger(options: JsonLoggerOptions = {}): Logger {
  const threshold = LEVELS[options.level ?? 'error'];
  const write = options.write ?? ((line: string) => console.error(line));
  const keys = options.redactKeys ?? SENSITIVE_LOG_KEYS;
  const make = (bindings: Record<string, unknown>): Logger => {
    const line =
      (level: Exclude<JsonLogLevel, 'silent'>) =>
      (obj: object, msg?: string): void => {
        if (LEVELS[level] < threshold) return;
        const entry = { level: LEVELS[level], time: Date.now(), ...bindings, ...obj, msg };
        write(JSON.stringify(redact(entry, keys)));
      };
    return {
      debug: line('debug'),
      info: line('info'),
      warn: line('warn'),
      error: line('error'),
      child: (more) => make({ ...bindings, ...more }),
    };
  };
  return make({});
}
