/**
 * A structured logger: pino's shape (`logger.info({ userId }, 'logged in')`), so a pino logger fits
 * as it is. `child` is optional: when a logger has one, Truss uses it to bind fields (the request
 * id) to every line; otherwise it adds them to each line itself.
 *
 * @example
 * ```ts
 * const logger: Logger = pino();
 * logger.child?.({ requestId: 'r-1' }).info({ orderId }, 'order paid');
 * ```
 */
export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  /** A logger that adds `bindings` to every line (pino's `child`). */
  child?(bindings: Record<string, unknown>): Logger;
}

/**
 * A logger that drops everything.
 *
 * @example
 * ```ts
 * createKernel({ routes, logger: silentLogger }); // no output at all, errors included
 * ```
 */
export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child: () => silentLogger,
};

/**
 * `logger` with `bindings` added to every line: its own `child` when it has one, else a wrapper
 * that merges them into each line's object (the line's own fields win).
 *
 * @example
 * ```ts
 * const log = childLogger(logger, { requestId });
 * log.info({ orderId }, 'order paid'); // { requestId, orderId, msg: 'order paid' }
 * ```
 */
export function childLogger(logger: Logger, bindings: Record<string, unknown>): Logger {
  if (typeof logger.child === 'function') return logger.child(bindings);
  const line =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (obj: object, msg?: string): void =>
      logger[level]({ ...bindings, ...obj }, msg);
  return {
    debug: line('debug'),
    info: line('info'),
    warn: line('warn'),
    error: line('error'),
    child: (more) => childLogger(logger, { ...bindings, ...more }),
  };
}
