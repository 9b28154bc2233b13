import { TrussError } from '@truss/core';
import type { HttpMethod } from './types.js';

/** A route the router can find: method and `:param` path. */
export interface Routable {
  readonly method: HttpMethod;
  readonly path: string;
}

/**
 * The result of {@link createRouter}'s `find`. `invalid` is a path no route can serve as sent: a
 * malformed percent-encoding (`bad_request`), or a path parameter over the router's
 * `maxParamLength` where no route matched otherwise (`uri_too_long`).
 */
export type RouteMatch<R> =
  | { kind: 'found'; route: R; params: Record<string, string> }
  | { kind: 'method_not_allowed'; allow: string[] }
  | { kind: 'not_found' }
  | { kind: 'invalid'; error: TrussError };

/** Options of {@link createRouter}. */
export interface RouterOptions {
  /** Longest path parameter (decoded), in characters. Default 100, as Fastify's router. */
  maxParamLength?: number;
}

interface Pattern<R> {
  route: R;
  segments: string[];
}

function split(path: string): string[] {
  return path.split('/').filter((s) => s.length > 0);
}

const BAD_ENCODING = 'The path has a malformed percent-encoding';

/** Each segment of `path`, percent-decoded; `null` when one is malformed (`%zz`, bad UTF-8). */
function decodeSegments(path: string): string[] | null {
  const parts = split(path);
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as string;
    if (!part.includes('%')) continue;
    try {
      parts[i] = decodeURIComponent(part);
    } catch {
      return null;
    }
  }
  return parts;
}

/**
 * A small router for the kernel's own dispatch (fetch-style adapters, tests). Static paths are one
 * map lookup; paths with `:params` are matched segment by segment, on percent-decoded segments.
 * Framework adapters use their framework's router instead.
 *
 * @example
 * ```ts
 * const router = createRouter([{ method: 'GET', path: '/items/:id' }]);
 * router.find('GET', '/items/a%20b'); // { kind: 'found', params: { id: 'a b' }, … }
 * ```
 */
export function createRouter<R extends Routable>(routes: readonly R[], options: RouterOptions = {}) {
  const maxParamLength = options.maxParamLength ?? 100;
  const statics = new Map<string, Map<string, R>>();
  const patterns: Pattern<R>[] = [];
  for (const route of routes) {
    if (route.path.includes(':')) {
      patterns.push({ route, segments: split(route.path) });
    } else {
      const key = `/${split(route.path).join('/')}`;
      const byMethod = statics.get(key) ?? new Map<string, R>();
      if (byMethod.has(route.method)) throw new Error(`Duplicate route ${route.method} ${route.path}`);
      byMethod.set(route.method, route);
      statics.set(key, byMethod);
    }
  }

  /** The params of `parts` on `pattern`; `null` when it does not match, `'too_long'` when only a long param kept it from matching. */
  function matchPattern(pattern: Pattern<R>, parts: string[]): Record<string, string> | null | 'too_long' {
    if (pattern.segments.length !== parts.length) return null;
    const params: Record<string, string> = {};
    let tooLong = false;
    for (let i = 0; i < parts.length; i++) {
      const expected = pattern.segments[i] as string;
      const actual = parts[i] as string;
      if (expected.startsWith(':')) {
        if (actual.length > maxParamLength) tooLong = true;
        params[expected.slice(1)] = actual;
      } else if (expected !== actual) {
        return null;
      }
    }
    return tooLong ? 'too_long' : params;
  }

  return {
    find(requested: string, path: string): RouteMatch<R> {
      // HEAD is served by the GET route; the server drops the body.
      const method = requested === 'HEAD' ? 'GET' : requested;
      const parts = decodeSegments(path);
      if (parts === null) return { kind: 'invalid', error: new TrussError('bad_request', BAD_ENCODING) };
      const allow = new Set<string>();
      // A decoded `%2F` stays inside its segment: it never makes a static path match.
      const byMethod = parts.some((part) => part.includes('/'))
        ? undefined
        : statics.get(`/${parts.join('/')}`);
      if (byMethod) {
        const route = byMethod.get(method);
        if (route) return { kind: 'found', route, params: {} };
        for (const m of byMethod.keys()) allow.add(m);
      }
      let tooLong = false;
      for (const pattern of patterns) {
        const params = matchPattern(pattern, parts);
        if (params === 'too_long') tooLong = true;
        if (params === null || params === 'too_long') continue;
        if (pattern.route.method === method) return { kind: 'found', route: pattern.route, params };
        allow.add(pattern.route.method);
      }
      if (allow.size > 0) return { kind: 'method_not_allowed', allow: [...allow] };
      if (tooLong) {
        const message = `A path parameter is longer than ${maxParamLength} characters`;
        return { kind: 'invalid', error: new TrussError('uri_too_long', message) };
      }
      return { kind: 'not_found' };
    },
  };
}
