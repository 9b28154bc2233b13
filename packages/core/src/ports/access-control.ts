import type { Principal } from '../domain/user.js';

/**
 * The authorization a service needs, as a port: `@truss/rbac`'s authorizer fits it (see the
 * `toAccessControl` of `@truss/rbac`). Every method takes the caller, `null` when anonymous.
 *
 * @example
 * ```ts
 * access.authorize(principal, 'pay', 'order', order); // throws 401 / 403 / 404, or returns
 * const body = access.pickReadable(principal, 'user', userView(user));
 * ```
 */
export interface AccessControl {
  /** Returns when allowed; otherwise throws a `TrussError` (`unauthorized`, `forbidden`, `not_found`). */
  authorize(subject: Principal | null, action: string, resource: string, object?: unknown): void;
  /**
   * Whether the caller may do `action` on every object (`any`) or only on those it owns (`own`);
   * throws like {@link AccessControl.authorize} when neither.
   */
  scope(subject: Principal | null, action: string, resource: string): 'any' | 'own';
  /** A copy of `object` with only the fields the caller may read. */
  pickReadable<T extends object>(subject: Principal | null, resource: string, object: T): Partial<T>;
  /** Throws `forbidden` listing every key of `patch` the caller may not write on `object`. */
  assertWritable(subject: Principal | null, resource: string, object: unknown, patch: object): void;
}
