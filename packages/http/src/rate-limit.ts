import { type Logger, parseInput, type RateLimitStore, silentLogger, TrussError } from '@truss/core';
import { z } from 'zod';
import type { Middleware, RequestContext, ResponseHeaders } from './types.js';

/**
 * One rate limit: at most `limit` requests per `windowSeconds` on the routes under `prefix`.
 *
 * @example
 * ```ts
 * const auth: RateLimitRule = { name: 'auth', prefix: '/api/v1/auth/', limit: 10, windowSeconds: 60 };
 * ```
 */
export interface RateLimitRule {
  /** Names the rule in store keys, headers and events, e.g. `auth`. */
  name: string;
  /** Route path prefix it covers, e.g. `/api/v1/auth/`. A request counts against the longest matching prefix only. */
  prefix: string;
  /** Requests per window. */
  limit: number;
  /** The window, seconds. */
  windowSeconds: number;
  /**
   * When the store cannot answer: `closed` refuses with 503 `service_unavailable` (for limits that
   * protect credentials), `open` lets the request through and reports an `error`. Default `closed`.
   */
  onStoreError?: 'closed' | 'open';
}

/**
 * What the rate limiter reports, for metrics.
 *
 * @example
 * ```ts
 * const onEvent = (event: RateLimitEvent) => { if (event.type === 'limited') rejections.inc({ rule: event.rule }); };
 * ```
 */
export interface RateLimitEvent {
  readonly type: 'allowed' | 'limited' | 'error';
  /** The rule's name. */
  readonly rule: string;
}

/**
 * Options of {@link rateLimit}.
 *
 * @example
 * ```ts
 * const options: RateLimitOptions = { store: createMemoryRateLimitStore(), rules: [auth, api] };
 * ```
 */
export interface RateLimitOptions {
  /** Where windows are counted: `createMemoryRateLimitStore()` of `@truss/core`, or `createRedisRateLimitStore` of `@truss/cache`. */
  store: RateLimitStore;
  rules: readonly RateLimitRule[];
  /** Called on every counted request (metrics). */
  onEvent?: (event: RateLimitEvent) => void;
  /** Store errors are logged here. Default: silent. */
  logger?: Logger;
}

const ruleSchema = z.strictObject({
  name: z.string().regex(/^[\w.-]{1,40}$/, 'letters, digits, _ . - (at most 40)'),
  prefix: z.string().startsWith('/'),
  limit: z.number().int().min(1).max(100_000_000),
  windowSeconds: z
    .number()
    .int()
    .min(1)
    .max(7 * 86_400),
  onStoreError: z.enum(['closed', 'open']).default('closed'),
});
const optionsSchema = z.strictObject({
  store: z.custom<RateLimitStore>((s) => typeof s === 'object' && s !== null && 'hit' in s),
  rules: z.array(ruleSchema),
  onEvent: z.custom<(event: RateLimitEvent) => void>((f) => typeof f === 'function').optional(),
  logger: z.custom<Logger>((l) => typeof l === 'object' && l !== null && 'warn' in l).optional(),
});

/** Who a request counts for: the user when authenticated, else the client address. */
function callerOf(ctx: RequestContext): string {
  return ctx.principal ? `user:${ctx.principal.userId}` : `ip:${ctx.request.ip ?? 'unknown'}`;
}

/**
 * Rate limits (spec §4.4) as kernel middleware: put it in `afterAuthentication` of `createKernel`,
 * so a request counts for its user when it carries a valid token and for its client address
 * otherwise (the address the adapter reports, after its proxy settings). Each request counts
 * against the rule with the longest matching prefix of its route's path; routes no rule covers are
 * not limited.
 *
 * Every limited response carries the IETF draft headers (draft-ietf-httpapi-ratelimit-headers-07):
 * `RateLimit-Limit`, `RateLimit-Remaining`, `RateLimit-Reset` (seconds) and `RateLimit-Policy`
 * (`10;w=60`). Over the limit: 429 `rate_limited` with `Retry-After` and the same headers.
 *
 * @example
 * ```ts
 * const limits = rateLimit({
 *   store: createMemoryRateLimitStore(),
 *   rules: [{ name: 'auth', prefix: '/api/v1/auth/', limit: 10, windowSeconds: 60 }],
 * });
 * createKernel({ routes, authenticate, afterAuthentication: [limits] });
 * ```
 */
export function rateLimit(options: RateLimitOptions): Middleware {
  const config = parseInput(optionsSchema, options, 'rate limit options');
  const logger = config.logger ?? silentLogger;
  const rules = [...config.rules].sort((a, b) => b.prefix.length - a.prefix.length);
  const ruleOf = new Map<string, (typeof rules)[number] | null>();

  return async (ctx, next) => {
    let rule = ruleOf.get(ctx.route.path);
    if (rule === undefined) {
      rule = rules.find((r) => ctx.route.path.startsWith(r.prefix)) ?? null;
      ruleOf.set(ctx.route.path, rule);
    }
    if (rule === null) return next();
    let count: number;
    let resetMs: number;
    try {
      ({ count, resetMs } = await config.store.hit(
        `${rule.name}:${callerOf(ctx)}`,
        rule.windowSeconds * 1000,
      ));
    } catch (error) {
      config.onEvent?.({ type: 'error', rule: rule.name });
      logger.warn({ err: error, rule: rule.name }, 'rate-limit store failed');
      if (rule.onStoreError === 'open') return next();
      throw new TrussError('service_unavailable', 'Rate limiting is unavailable; try again shortly', {
        cause: error,
      });
    }
    const reset = Math.max(1, Math.ceil(resetMs / 1000));
    const headers: ResponseHeaders = {
      'ratelimit-limit': String(rule.limit),
      'ratelimit-remaining': String(Math.max(0, rule.limit - count)),
      'ratelimit-reset': String(reset),
      'ratelimit-policy': `${rule.limit};w=${rule.windowSeconds}`,
    };
    if (count > rule.limit) {
      config.onEvent?.({ type: 'limited', rule: rule.name });
      throw new TrussError('rate_limited', `Too many requests; try again in ${reset} s`, {
        headers: { ...(headers as Record<string, string>), 'retry-after': String(reset) },
      });
    }
    config.onEvent?.({ type: 'allowed', rule: rule.name });
    const response = await next();
    Object.assign(response.headers, headers);
    return response;
  };
}
