import type { HttpMethod } from './types.js';

/** A route the router can find: method and `:param` path. */
export interface Routable {
  readonly method: HttpMethod;
  readonly path: string;
}

/** The result of {@link createRouter}'s `find`. */
export type RouteMatch<R> =
  | { kind: 'found'; route: R; params: Record<string, string> }
  | { kind: 'method_not_allowed'; allow: string[] }
  | { kind: 'not_found' };

interface Pattern<R> {
  route: R;
  segments: string[];
}

function split(path: string): string[] {
  return path.split('/').filter((s) => s.length > 0);
}

/**
 * A small router for the kernel's own dispatch (fetch-style adapters, tests). Static paths are one
 * map lookup; paths with `:params` are matched segment by segment. Framework adapters use their
 * framework's router instead.
 */
export function createRouter<R extends Routable>(routes: readonly R[]) {
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

  function matchPattern(pattern: Pattern<R>, parts: string[]): Record<string, string> | null {
    if (pattern.segments.length !== parts.length) return null;
    const params: Record<string, string> = {};
    for (let i = 0; i < parts.length; i++) {
      const expected = pattern.segments[i] as string;
      const actual = parts[i] as string;
      if (expected.startsWith(':')) {
        try {
          params[expected.slice(1)] = decodeURIComponent(actual);
        } catch {
          return null;
        }
      } else if (expected !== actual) {
        return null;
      }
    }
    return params;
  }

  return {
    find(requested: string, path: string): RouteMatch<R> {
      // HEAD is served by the GET route; the server drops the body.
      const method = requested === 'HEAD' ? 'GET' : requested;
      const parts = split(path);
      const allow = new Set<string>();
      const byMethod = statics.get(`/${parts.join('/')}`);
      if (byMethod) {
        const route = byMethod.get(method);
        if (route) return { kind: 'found', route, params: {} };
        for (const m of byMethod.keys()) allow.add(m);
      }
      for (const pattern of patterns) {
        const params = matchPattern(pattern, parts);
        if (!params) continue;
        if (pattern.route.method === method) return { kind: 'found', route: pattern.route, params };
        allow.add(pattern.route.method);
      }
      return allow.size > 0 ? { kind: 'method_not_allowed', allow: [...allow] } : { kind: 'not_found' };
    },
  };
}
