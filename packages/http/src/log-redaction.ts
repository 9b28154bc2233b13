/**
 * Keys whose values never reach a log line: secrets (passwords, tokens, cookies, authorization
 * headers, TOTP secrets and recovery codes, payment tokens, connection strings) and personal data
 * (email, names, phone, address). Both spellings the code uses (camelCase and the wire's
 * snake_case) are listed. The client address (`ip`) is kept on purpose: login throttling and
 * incident response need it.
 *
 * @example
 * ```ts
 * SENSITIVE_LOG_KEYS.includes('refresh_token'); // true
 * ```
 */
export const SENSITIVE_LOG_KEYS: readonly string[] = Object.freeze([
  'password',
  'newPassword',
  'new_password',
  'currentPassword',
  'current_password',
  'passwordHash',
  'password_hash',
  'token',
  'accessToken',
  'access_token',
  'refreshToken',
  'refresh_token',
  'mfaToken',
  'mfa_token',
  'paymentToken',
  'payment_token',
  'secret',
  'recoveryCode',
  'recovery_code',
  'recoveryCodes',
  'recovery_codes',
  'authorization',
  'cookie',
  'set-cookie',
  'connectionString',
  'email',
  'firstName',
  'first_name',
  'lastName',
  'last_name',
  'phone',
  'address',
]);

/** What a redacted value is replaced with. */
export const REDACTED = '[redacted]';

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * pino `redact.paths` for {@link SENSITIVE_LOG_KEYS} (or `keys`) at the top of a line and up to
 * `depth - 1` objects down (`password`, `*.password`, `*.*.password` for the default 3): enough for
 * `{ req: { headers: { authorization } } }`. pino's paths name levels, so deeper values are not
 * covered: log small objects, not whole requests.
 *
 * @example
 * ```ts
 * const logger = pino({ redact: { paths: pinoRedactPaths(), censor: REDACTED } });
 * ```
 */
export function pinoRedactPaths(keys: readonly string[] = SENSITIVE_LOG_KEYS, depth = 3): string[] {
  const paths: string[] = [];
  for (const key of keys) {
    const leaf = IDENTIFIER.test(key) ? key : `["${key}"]`;
    for (let level = 0; level < depth; level++) {
      const prefix = '*.'.repeat(level);
      paths.push(leaf.startsWith('[') ? `${prefix.slice(0, -1)}${leaf}` : `${prefix}${leaf}`);
    }
  }
  return paths;
}

/**
 * A copy of `value` with the value of every key in `keys` (case-insensitive, at any depth up to 8)
 * replaced by {@link REDACTED}; errors become `{ type, message, stack, code, cause }`. Cycles are cut.
 *
 * @example
 * ```ts
 * redact({ user: { email: 'ada@example.com', id: 'u1' } }); // { user: { email: '[redacted]', id: 'u1' } }
 * ```
 */
export function redact(value: unknown, keys: readonly string[] = SENSITIVE_LOG_KEYS): unknown {
  const lower = new Set(keys.map((key) => key.toLowerCase()));
  const seen = new WeakSet<object>();
  const walk = (item: unknown, depth: number): unknown => {
    if (typeof item !== 'object' || item === null) return item;
    if (seen.has(item) || depth > 8) return '[…]';
    seen.add(item);
    if (Array.isArray(item)) return item.map((entry) => walk(entry, depth + 1));
    const source =
      item instanceof Error
        ? {
            type: item.name,
            message: item.message,
            stack: item.stack,
            ...Object.fromEntries(Object.entries(item)),
            ...(item.cause === undefined ? {} : { cause: item.cause }),
          }
        : item;
    const out: Record<string, unknown> = {};
    for (const [key, entry] of Object.entries(source)) {
      out[key] = lower.has(key.toLowerCase()) ? REDACTED : walk(entry, depth + 1);
    }
    return out;
  };
  return walk(value, 0);
}
