import { SIGNING_ALGORITHMS, signingKeySchema } from '@truss/auth';
import { isOrigin } from '@truss/http';
import { senderSchema } from '@truss/mail';
import { parseDataKeys } from '@truss/repos';
import { z } from 'zod';

const booleanString = z.enum(['true', 'false']).transform((v) => v === 'true');
const seconds = (fallback: number, max: number) => z.coerce.number().int().min(10).max(max).default(fallback);

const originList = z
  .string()
  .transform((text) =>
    text
      .split(',')
      .map((origin) => origin.trim())
      .filter((origin) => origin.length > 0),
  )
  .pipe(
    z.array(
      z
        .string()
        .refine(isOrigin, 'must be comma-separated origins such as https://app.example.com (no path, no *)'),
    ),
  );

const DATABASE_URL_PATTERN = /^(sqlite:|postgres(ql)?:\/\/|mysql:\/\/|mariadb:\/\/)/;
const DATABASE_URL_MESSAGE = 'must start with sqlite:, postgres://, mysql:// or mariadb://';

const jsonKeys = z
  .string()
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be a JSON array of private JWKs' });
      return z.NEVER;
    }
  })
  .pipe(z.array(signingKeySchema).min(1, 'must hold at least one key'));

const DURATION_UNITS = { s: 1, m: 60, h: 3600 } as const;
/**
 * A duration in whole seconds: a number of seconds (`1800`) or one with a unit, `s`, `m` or `h`
 * (`90s`, `30m`, `2h`), between `min` and `max` seconds. Anything else (`1.5h`, `30 min`, `-5`) is refused.
 */
const duration = (fallback: number, min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,9}[smh]?$/, 'must be whole seconds, or a whole number with s, m or h (90, 90s, 30m, 2h)')
    .transform((value) => {
      const unit = value.at(-1) as string;
      return unit in DURATION_UNITS
        ? Number(value.slice(0, -1)) * DURATION_UNITS[unit as keyof typeof DURATION_UNITS]
        : Number(value);
    })
    .pipe(z.number().min(min, `must be at least ${min} seconds`).max(max, `must be at most ${max} seconds`))
    .default(fallback);
const dataKeyRing = z.string().transform((text, ctx) => {
  try {
    return parseDataKeys(text);
  } catch (error) {
    ctx.addIssue({
      code: 'custom',
      message: `${(error as Error).message} (expected id:base64key,id:base64key,…, the first current)`,
    });
    return z.NEVER;
  }
});

/** The reference server's environment variables, validated at start. */
export const configSchema = z
  .object({
    // Production rules unless development (or test) is asked for: `npm start` asks for development.
    NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
    HOST: z.string().min(1).default('127.0.0.1'),
    PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
    DATABASE_URL: z
      .string()
      .regex(DATABASE_URL_PATTERN, DATABASE_URL_MESSAGE)
      .default('sqlite:.data/truss.db'),
    DATABASE_REPLICA_URLS: z
      .string()
      .transform((text) =>
        text
          .split(',')
          .map((url) => url.trim())
          .filter((url) => url.length > 0),
      )
      .pipe(z.array(z.string().regex(DATABASE_URL_PATTERN, `each URL ${DATABASE_URL_MESSAGE}`)).max(16))
      .default([]),
    READ_YOUR_WRITES_WINDOW: z.coerce.number().int().min(1).max(3600).default(5),
    HTTP_ADAPTER: z.enum(['fastify', 'express']).default('fastify'),
    TRUST_PROXY: z
      .union([
        z.enum(['true', 'false']).transform((v) => v === 'true'),
        z.coerce.number().int().min(1).max(10),
      ])
      .default(false),
    REDIS_URL: z
      .string()
      .regex(/^rediss?:\/\/[^/]/, 'must start with redis:// or rediss://')
      .optional(),
    EVENTS_TRANSPORT: z.enum(['memory', 'redis', 'amqp']).default('memory'),
    AMQP_URL: z
      .string()
      .regex(/^amqps?:\/\/[^/]/, 'must start with amqp:// or amqps://')
      .optional(),
    WORKERS: z.enum(['inline', 'off']).default('inline'),
    WORKER_PORT: z.coerce.number().int().min(0).max(65_535).optional(),
    RATE_LIMIT_AUTH: z.coerce.number().int().min(1).max(10_000_000).default(10),
    RATE_LIMIT_API: z.coerce.number().int().min(1).max(10_000_000).default(100),
    RATE_LIMIT_EXPORT: z.coerce.number().int().min(1).max(10_000_000).default(5),
    CACHE_TTL: z.coerce.number().int().min(0).max(86_400).default(300),
    ALLOWED_ORIGINS: originList.default([]),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    ADMIN_EMAIL: z.email().optional(),
    ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').max(128).optional(),
    ACCESS_TOKEN_TTL: seconds(900, 86_400),
    REFRESH_TOKEN_TTL: seconds(604_800, 365 * 86_400),
    JWT_ISSUER: z.string().min(1).default('truss'),
    JWT_AUDIENCE: z.string().min(1).default('truss-api'),
    JWT_KEYS: jsonKeys.optional(),
    JWT_ALGORITHM: z.enum(SIGNING_ALGORITHMS).default('EdDSA'),
    JWT_KEY_FILE: z.string().min(1).default('.data/jwt-keys.json'),
    COOKIE_SECURE: booleanString.default(true),
    REFRESH_TOKEN_IN_BODY: booleanString.default(true),
    SESSION_MAX_AGE: z.coerce
      .number()
      .int()
      .min(1)
      .max(365 * 86_400)
      .default(30 * 86_400),
    REAUTH_WINDOW: z.coerce.number().int().min(1).max(86_400).default(300),
    MAIL_DIR: z.string().min(1).default('.data/mail'),
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\/[^/]/, 'must start with smtp:// or smtps://')
      .optional(),
    MAIL_FROM: senderSchema.default('Truss <no-reply@truss.invalid>'),
    DATA_ENCRYPTION_KEY: z
      .string()
      .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 bytes, base64-encoded')
      .optional(),
    DATA_KEY_FILE: z.string().min(1).default('.data/data-encryption.key'),
    DATA_ENCRYPTION_KEYS: dataKeyRing.optional(),
    MFA_ISSUER: z.string().min(1).max(64).default('Truss'),
    LOGIN_FREE_ATTEMPTS: z.coerce.number().int().min(1).max(1000).default(5),
    LOGIN_MAX_DELAY: z.coerce.number().int().min(1).max(86_400).default(900),
    LOGIN_ACCOUNT_FREE_ATTEMPTS: z.coerce.number().int().min(1).max(100_000).default(100),
    LOGIN_ACCOUNT_MAX_DELAY: z.coerce.number().int().min(1).max(3600).default(60),
    BODY_LIMIT: z.coerce
      .number()
      .int()
      .min(1024)
      .max(100 * 1024 * 1024)
      .default(1024 * 1024),
    WEB_ROOT: z.string().min(1).optional(),
    ARGON2_MEMORY_KIB: z.coerce.number().int().min(19_456).default(19_456),
    ARGON2_ITERATIONS: z.coerce.number().int().min(2).default(2),
    ARGON2_PARALLELISM: z.coerce.number().int().min(1).max(16).default(1),
    SHUTDOWN_TIMEOUT: z.coerce.number().min(0).max(3600).default(10),
    LISTEN_BACKLOG: z.coerce.number().int().min(1).max(65_535).default(4096),
    ORDER_PAYMENT_TIMEOUT: duration(1800, 1, 7 * 86_400),
    MAX_PENDING_ORDERS: z.coerce.number().int().min(1).max(1000).default(5),
    AUDIT_RETENTION_DAYS: z.coerce.number().int().min(1).max(36_500).default(365),
    JOBS_INTERVAL: z.coerce.number().int().min(1).max(3600).default(60),
    METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
    LOW_STOCK_THRESHOLD: z.coerce.number().int().min(0).max(1_000_000_000).default(10),
  })
  .superRefine((config, ctx) => {
    if ((config.ADMIN_EMAIL === undefined) !== (config.ADMIN_PASSWORD === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['ADMIN_PASSWORD'],
        message: 'ADMIN_EMAIL and ADMIN_PASSWORD go together: set both or neither',
      });
    }
    if (config.EVENTS_TRANSPORT === 'redis' && !config.REDIS_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['REDIS_URL'],
        message: 'is required when EVENTS_TRANSPORT=redis (e.g. redis://127.0.0.1:6379)',
      });
    }
    if (config.EVENTS_TRANSPORT === 'amqp' && !config.AMQP_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['AMQP_URL'],
        message: 'is required when EVENTS_TRANSPORT=amqp (e.g. amqp://guest:guest@127.0.0.1:5672)',
      });
    }
    if (config.NODE_ENV === 'production' && !config.DATA_ENCRYPTION_KEY) {
      ctx.addIssue({
        code: 'custom',
        path: ['DATA_ENCRYPTION_KEY'],
        message: 'is required in production (32 random bytes, base64: `openssl rand -base64 32`)',
      });
    }
    if (config.NODE_ENV === 'production' && !config.JWT_KEYS) {
      ctx.addIssue({
        code: 'custom',
        path: ['JWT_KEYS'],
        message:
          'is required in production (generate one with `pnpm --filter @truss/example-reference-server run keys`)',
      });
    }
  });

/** The validated configuration. */
export type Config = z.output<typeof configSchema>;

/** Thrown when the environment does not make a valid configuration; its message lists every problem. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/**
 * Reads and validates the configuration from environment variables. Throws a {@link ConfigError}
 * that names each bad variable, what it must be, and the value it had (secrets masked).
 */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const known = Object.fromEntries(
    Object.keys(configSchema.shape).map((key) => [key, env[key] === '' ? undefined : env[key]]),
  );
  const result = configSchema.safeParse(known);
  if (result.success) return Object.freeze(result.data);
  const lines = result.error.issues.map((issue) => {
    const key = String(issue.path[0] ?? '');
    const raw = known[key];
    const shown =
      raw === undefined
        ? 'not set'
        : /PASSWORD|KEYS|ENCRYPTION_KEY|REDIS_URL|SMTP_URL|AMQP_URL|TOKEN|REPLICA/.test(key)
          ? 'hidden'
          : JSON.stringify(raw);
    return `  - ${key}: ${issue.message} (got ${shown})`;
  });
  throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
}
