import { TrussError } from '@truss/core';
import type {
  ActionOf,
  Catalog,
  CatalogOf,
  DefaultCatalog,
  MergeCatalogs,
  PermissionOf,
  ResourceOf,
} from './catalog.js';
import { compileConfig } from './compile-config.js';
import type { AuthorizerConfig, PolicyExtension, PolicyMap } from './config-schema.js';
import { actorOf, decide, fieldAllowed, ownershipOf } from './decide.js';
import type { DefaultPolicies } from './default-policies.js';
import { buildMatrix, permissionsOf } from './matrix.js';
import type { CompiledPolicy, Model } from './model.js';
import type { Decision, MatrixRow, PermissionGrant, Subject } from './types.js';

/**
 * Answers "may this subject do this?" for one policy table. Every method is a plain function (it can
 * be passed around unbound) and pure: no I/O, so services and the HTTP kernel call it freely.
 * `subject` is a `Principal`, or `null` for an anonymous caller.
 *
 * @example
 * ```ts
 * const authz = createAuthorizer();
 * authz.authorize(principal, 'update', 'user', target); // throws 403 / 404 / 401, or returns
 * ```
 */
export interface Authorizer<C extends Catalog = DefaultCatalog> {
  /** Every role, the defaults' first. */
  readonly roles: readonly string[];
  /** Every resource. */
  readonly resources: readonly ResourceOf<C>[];
  /**
   * The decision for `action` on `resource`, about `object` when given. Without an object the
   * question is "may the subject do this to some objects?": an `own` grant answers
   * `{ allowed: true, scope: 'own' }`. `object` `undefined` or `null` means no object. Throws a
   * `TypeError` for an unknown resource or action (a bug, not a denial).
   *
   * @example
   * ```ts
   * const decision = authz.can(principal, 'list', 'order');
   * if (!decision.allowed) return [];
   * return orders.list(decision.scope === 'own' ? { userId: principal.userId } : {});
   * ```
   */
  can<K extends ResourceOf<C>>(
    subject: Subject | null,
    action: ActionOf<C, K>,
    resource: K,
    object?: C[K]['object'],
  ): Decision;
  /**
   * Returns when {@link Authorizer.can} allows; otherwise throws a {@link TrussError}: `unauthorized`
   * (anonymous caller), `not_found` (the caller may not know the object exists) or `forbidden`.
   *
   * @example
   * ```ts
   * const order = await orders.get(id); // not_found when there is none
   * authz.authorize(principal, 'pay', 'order', order); // 404 to another user, 403 to a manager
   * ```
   */
  authorize<K extends ResourceOf<C>>(
    subject: Subject | null,
    action: ActionOf<C, K>,
    resource: K,
    object?: C[K]['object'],
  ): void;
  /**
   * {@link Authorizer.authorize} with names checked at run time only (a `TypeError` for an unknown
   * resource or action), for glue code whose route table holds plain strings, such as HTTP middleware.
   *
   * @example
   * ```ts
   * const check: (p: Principal | null, action: string, resource: string, object?: unknown) => void = authz.guard;
   * ```
   */
  guard(subject: Subject | null, action: string, resource: string, object?: unknown): void;
  /**
   * {@link Authorizer.authorize} with the permission as one `action:resource` string, as a route
   * table stores it.
   *
   * @example
   * ```ts
   * const routes = [{ path: '/api/v1/users', permission: 'list:user' }] satisfies { permission: PermissionOf<DefaultCatalog> }[];
   * authz.authorizePermission(principal, routes[0].permission);
   * ```
   */
  authorizePermission(subject: Subject | null, permission: PermissionOf<C>, object?: unknown): void;
  /**
   * What `role` may do, with scope. Throws a `TypeError` for an unknown role.
   *
   * @example
   * ```ts
   * authz.permissionsOf('user').map((g) => g.permission); // ['read:user', 'update:user', 'list:product', …]
   * ```
   */
  permissionsOf(role: string): readonly PermissionGrant<ResourceOf<C>>[];
  /**
   * The names among `fields` the subject may read (or, with `mode: 'write'`, write) on `object`
   * (`undefined` when creating one). Aliases count: `first_name` is checked as `firstName`.
   *
   * @example
   * ```ts
   * authz.filterFields(principal, 'user', target, ['email', 'role'], 'write'); // ['email'] for the owner
   * ```
   */
  filterFields<K extends ResourceOf<C>>(
    subject: Subject | null,
    resource: K,
    object: C[K]['object'] | undefined,
    fields: readonly string[],
    mode?: 'read' | 'write',
  ): string[];
  /**
   * A copy of `object` with only the fields the subject may read: secrets never appear.
   *
   * @example
   * ```ts
   * return { body: authz.pickReadable(principal, 'user', userView(user)) }; // no email for other users
   * ```
   */
  pickReadable<K extends ResourceOf<C>, T extends C[K]['object']>(
    subject: Subject | null,
    resource: K,
    object: T,
  ): Partial<T>;
  /**
   * Throws a `forbidden` {@link TrussError} (`unauthorized` when anonymous) listing, in `details`,
   * every key of `patch` the subject may not write on `object` (`undefined` when creating).
   * Keys whose value is `undefined` write nothing and are ignored. Call `authorize` first.
   *
   * @example
   * ```ts
   * authz.authorize(principal, 'update', 'user', target);
   * authz.assertWritable(principal, 'user', target, patch); // 403 for { role } from a non-admin
   * ```
   */
  assertWritable<K extends ResourceOf<C>>(
    subject: Subject | null,
    resource: K,
    object: C[K]['object'] | undefined,
    patch: object,
  ): void;
  /**
   * The whole policy table, one row per role (and anonymous) × resource × action × ownership; the
   * same array every call. See {@link MatrixRow}. Compare it with a table written by hand rather
   * than deriving a test's expected answers from it: those would agree with a wrong policy.
   *
   * @example
   * ```ts
   * const row = authz.matrix().find((r) => r.role === 'user' && r.permission === 'read:order' && r.ownership === 'other');
   * expect(row?.decision).toBe(EXPECTED['read:order'].user.other); // 'not_found', typed by hand
   * ```
   */
  matrix(): readonly MatrixRow<ResourceOf<C>>[];
}

/**
 * The {@link Authorizer} type {@link createAuthorizer} returns for a given base table and extensions.
 *
 * @example
 * ```ts
 * type Authz = AuthorizerFor<DefaultPolicies, { invoice: typeof invoicePolicy }>;
 * ```
 */
export type AuthorizerFor<P extends PolicyMap, E> = Authorizer<MergeCatalogs<CatalogOf<P>, CatalogOf<E>>>;

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function toError(decision: Decision & { allowed: false }, resource: string): TrussError {
  if (decision.code === 'unauthorized') return new TrussError('unauthorized', 'Authentication required');
  if (decision.code === 'not_found') return new TrussError('not_found', `${capitalize(resource)} not found`);
  return new TrussError('forbidden', decision.reason, { details: { permission: decision.permission } });
}

function policyOf(model: Model, resource: string): CompiledPolicy {
  const policy = model.policies.get(resource);
  if (!policy) throw new TypeError(`Unknown resource "${resource}"`);
  return policy;
}

/**
 * Builds an {@link Authorizer}. The configuration is validated (a `validation_error`
 * {@link TrussError} names every problem with its path), copied and frozen: changing the objects
 * passed in afterwards changes nothing. Without options it enforces the spec's table
 * ({@link DEFAULT_ROLES}, {@link DEFAULT_POLICIES}).
 *
 * @example
 * ```ts
 * const authz = createAuthorizer({
 *   extend: {
 *     roles: { support: { inherits: 'user' } },
 *     policies: {
 *       invoice: {
 *         actions: { read: { allow: ['support'], own: ['user'] }, refund: { allow: ['admin'] } },
 *         owner: (invoice: { customerId: string }) => invoice.customerId,
 *       },
 *     },
 *   },
 * });
 * authz.authorize(principal, 'refund', 'invoice', invoice);
 * ```
 */
export function createAuthorizer<
  const P extends PolicyMap = DefaultPolicies,
  // biome-ignore lint/complexity/noBannedTypes: no extensions is the empty map.
  const E extends Readonly<Record<string, PolicyExtension>> = {},
>(config?: AuthorizerConfig<P, E>): AuthorizerFor<P, E> {
  const model = compileConfig(config);
  const rows = Object.freeze(buildMatrix(model));

  function can(subject: Subject | null, action: string, resource: string, object?: unknown): Decision {
    const policy = policyOf(model, resource);
    const actor = actorOf(model, subject);
    return decide(actor, policy, action, ownershipOf(policy, actor, object), { object, runConditions: true });
  }

  function authorize(subject: Subject | null, action: string, resource: string, object?: unknown): void {
    const decision = can(subject, action, resource, object);
    if (!decision.allowed) throw toError(decision, resource);
  }

  function filterFields(
    subject: Subject | null,
    resource: string,
    object: unknown,
    fields: readonly string[],
    mode: 'read' | 'write' = 'read',
  ): string[] {
    const policy = policyOf(model, resource);
    const actor = actorOf(model, subject);
    const target = ownershipOf(policy, actor, object);
    return fields.filter((field) => fieldAllowed(actor, policy, field, mode, target, object));
  }

  const authorizer: Authorizer<Catalog> = {
    roles: model.roles,
    resources: Object.freeze([...model.policies.keys()]),
    can,
    authorize,
    guard: authorize,
    authorizePermission(subject, permission, object) {
      const [action = '', resource = ''] = permission.split(':');
      authorize(subject, action, resource, object);
    },
    permissionsOf: (role) => Object.freeze(permissionsOf(model, role)),
    filterFields,
    pickReadable(subject, resource, object) {
      const entries = Object.entries(object as object);
      const readable = new Set(
        filterFields(
          subject,
          resource,
          object,
          entries.map(([key]) => key),
        ),
      );
      return Object.fromEntries(entries.filter(([key]) => readable.has(key))) as Partial<typeof object>;
    },
    assertWritable(subject, resource, object, patch) {
      const keys = Object.entries(patch)
        .filter(([, value]) => value !== undefined)
        .map(([key]) => key);
      const writable = new Set(filterFields(subject, resource, object, keys, 'write'));
      const denied = keys.filter((key) => !writable.has(key));
      if (denied.length === 0) return;
      if (subject === null) throw new TrussError('unauthorized', 'Authentication required');
      throw new TrussError('forbidden', `You may not change ${denied.join(', ')}`, {
        details: denied.map((path) => ({ path, message: 'You may not change this field' })),
      });
    },
    matrix: () => rows,
  };
  return Object.freeze(authorizer) as unknown as AuthorizerFor<P, E>;
}
