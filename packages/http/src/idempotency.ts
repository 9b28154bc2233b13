import {
  type Clock,
  type IdempotencyStore,
  isTrussError,
  parseInput,
  type StoredAnswer,
  statusOf,
  systemClock,
  TrussError,
} from '@truss/core';
import { z } from 'zod';
import { renderError } from './render-error.js';
import type { Middleware, RequestContext, TrussResponse } from './types.js';

/**
 * Options of {@link idempotency}.
 *
 * @example
 * ```ts
 * const options: IdempotencyOptions = { store, ttlSeconds: 86_400, applies: (ctx) => ctx.route.method === 'POST' };
 * ```
 */
export interface IdempotencyOptions {
  /** Where keys and first answers live; shared by every instance. */
  store: IdempotencyStore;
  /** How long a key answers its first result. Default 86 400 (24 hours). */
  ttlSeconds?: number;
  /**
   * How long a request may hold its key before a retry may take it over (the instance died).
   * Default 60.
   */
  lockSeconds?: number;
  /** Which requests honour the header. Default: every `POST`. */
  applies?: (ctx: RequestContext) => boolean;
  /** Default: the system clock. */
  clock?: Clock;
}

const optionsSchema = z.object({
  store: z.custom<IdempotencyStore>((s) => typeof s === 'object' && s !== null && 'begin' in s),
  ttlSeconds: z
    .number()
    .int()
    .min(1)
    .max(30 * 86_400)
    .optional(),
  lockSeconds: z.number().int().min(1).max(3600).optional(),
  applies: z.custom<(ctx: RequestContext) => boolean>((f) => typeof f === 'function').optional(),
  clock: z.custom<Clock>((c) => typeof c === 'object' && c !== null && 'now' in c).optional(),
});

/** Printable ASCII, 1–255 characters (a UUID is the usual choice). */
const KEY = /^[\x21-\x7e]{1,255}$/;
/** The answer headers a replay repeats; the rest (request id, CORS, security) are the replay's own. */
const REPLAYED_HEADERS = ['location', 'etag', 'retry-after'];

function keyOf(ctx: RequestContext): string | null {
  const value = ctx.request.headers['idempotency-key'];
  if (value === undefined) return null;
  if (typeof value !== 'string' || !KEY.test(value)) {
    throw new TrussError('validation_error', 'Invalid Idempotency-Key header', {
      details: [
        { path: 'Idempotency-Key', message: 'must be one value of 1 to 255 printable ASCII characters' },
      ],
    });
  }
  return value;
}

async function fingerprintOf(ctx: RequestContext): Promise<string> {
  const { method, path, body } = ctx.request;
  const bytes = new TextEncoder().encode(`${method} ${path}\n${body ?? ''}`);
  const digest = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

function toStored(response: TrussResponse): StoredAnswer {
  const headers: Record<string, string> = {};
  for (const name of REPLAYED_HEADERS) {
    const value = response.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  return { status: response.status, headers, body: response.body };
}

function replay(answer: StoredAnswer): TrussResponse {
  return {
    status: answer.status,
    headers: { ...answer.headers, 'idempotent-replayed': 'true' },
    body: answer.body,
  };
}

/**
 * Honours the `Idempotency-Key` request header (IETF draft-ietf-httpapi-idempotency-key-header):
 * the first request with a key runs and its answer (status, body, `Location`/`ETag`) is stored
 * for `ttlSeconds`; a retry with the same key, from the same caller, with the same method, path and
 * body, gets that answer again (with `Idempotent-Replayed: true`, as Stripe sends) without running twice. The
 * same key with another request is 422 `idempotency_key_reused`; while the first is still running a
 * duplicate is 409 `idempotency_key_in_use` with `Retry-After: 1`. Answers of 5xx (and streams) are
 * not stored: the key is released, so a retry runs again. Keys are scoped by the authenticated
 * user (`anonymous` otherwise), so put it after authentication.
 *
 * @example
 * ```ts
 * const kernel = createKernel({ routes, authenticate, afterAuthentication: [idempotency({ store })] });
 * ```
 */
export function idempotency(options: IdempotencyOptions): Middleware {
  parseInput(optionsSchema, options, 'idempotency options');
  const { store } = options;
  const ttlMs = (options.ttlSeconds ?? 86_400) * 1000;
  const lockMs = (options.lockSeconds ?? 60) * 1000;
  const clock = options.clock ?? systemClock;
  const applies = options.applies ?? ((ctx: RequestContext) => ctx.route.method === 'POST');

  return async (ctx, next) => {
    if (!applies(ctx)) return next();
    const key = keyOf(ctx);
    if (key === null) return next();
    const scope = ctx.principal ? `user:${ctx.principal.userId.toLowerCase()}` : 'anonymous';
    const fingerprint = await fingerprintOf(ctx);
    const now = clock.now();
    const began = await store.begin({
      scope,
      key,
      fingerprint,
      now,
      lockedUntil: new Date(now.getTime() + lockMs),
      expiresAt: new Date(now.getTime() + ttlMs),
    });
    if (began.kind !== 'started') {
      if (began.fingerprint !== fingerprint) {
        throw new TrussError(
          'idempotency_key_reused',
          'This Idempotency-Key was used with another request; use a new key for a new request',
        );
      }
      if (began.kind === 'completed') return replay(began.answer);
      throw new TrussError('idempotency_key_in_use', 'A request with this Idempotency-Key is in progress', {
        headers: { 'retry-after': '1' },
      });
    }
    let response: TrussResponse;
    try {
      response = await next();
    } catch (error) {
      if (!isTrussError(error) || statusOf(error.code) >= 500) {
        await store.release(scope, key).catch(() => undefined);
        throw error;
      }
      response = renderError(error, ctx.log, ctx.requestId);
    }
    if (response.status >= 500 || response.stream) {
      await store.release(scope, key).catch(() => undefined);
      return response;
    }
    await store.complete(scope, key, toStored(response));
    return response;
  };
}
