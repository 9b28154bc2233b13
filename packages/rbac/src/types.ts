/**
 * Who asks. `@truss/core`'s `Principal` is one; `null` stands for an anonymous caller, who gets the
 * authorizer's anonymous role (default `guest`) and owns nothing.
 *
 * @example
 * ```ts
 * const subject: Subject = { userId: '5f0c…', role: 'user' };
 * ```
 */
export interface Subject {
  /** The user's id, compared with a policy's `owner(object)` for ownership. */
  readonly userId: string;
  /** The user's role; a role the authorizer does not know is denied everything. */
  readonly role: string;
}

/**
 * Who a rule lets through. `allow` lists roles that may act on any object; `own` lists roles that may
 * act only on objects they own (see {@link Policy.owner}). A role also passes when it inherits a
 * listed role: with the default hierarchy `allow: ['manager']` lets managers and admins through.
 *
 * @example
 * ```ts
 * const updateUser = { allow: ['admin'], own: ['guest'] } satisfies Grant; // owner, or an admin
 * ```
 */
export interface Grant {
  /** Roles that may act on any object. Default: none. */
  readonly allow?: readonly string[];
  /** Roles that may act on objects they own. Needs the policy's `owner`. Default: none. */
  readonly own?: readonly string[];
}

/**
 * The rule of one action: a {@link Grant}, and optionally a condition checked after it passes.
 *
 * @example
 * ```ts
 * const refund = {
 *   allow: ['manager'],
 *   when: (_subject, invoice) => invoice === undefined || invoice.status === 'paid',
 * } satisfies Rule<{ status: string }>;
 * ```
 */
export interface Rule<O = object> extends Grant {
  /**
   * Extra condition on the subject and the object (`undefined` when the check has no object).
   * Return `false` to deny (403), `'not_found'` to deny as if the object did not exist (404).
   * {@link Authorizer.matrix} cannot run it: rows of such rules are marked `conditional`.
   */
  when?(subject: Subject | null, object: O | undefined): boolean | 'not_found';
}

/**
 * Who may read or write one field: `true` (no rule on this field: whoever passed the action's check),
 * `false` (nobody, ever) or a {@link Grant}.
 *
 * @example
 * ```ts
 * const emailRead: Access = { allow: ['manager'], own: ['guest'] }; // managers up, and the owner
 * ```
 */
export type Access = boolean | Grant;

/**
 * Who may read and write one field of a resource. An absent `read` follows the resource's `read`
 * action (everyone when it has none); an absent `write` follows its `update` action (nobody when it
 * has none).
 *
 * @example
 * ```ts
 * const passwordHash = { read: false, write: false } satisfies FieldRule;
 * ```
 */
export interface FieldRule {
  /** Who may see the field in a response. */
  readonly read?: Access;
  /** Who may set the field in a create or update. */
  readonly write?: Access;
}

/**
 * The rules of one resource, a plain object: its actions, how to tell who owns an object, and which
 * fields each subject may read and write. `A` is the union of action names, `O` the object type.
 *
 * @example
 * ```ts
 * const invoicePolicy = {
 *   actions: { read: { allow: ['manager'], own: ['user'] }, refund: { allow: ['admin'] } },
 *   owner: (invoice) => invoice.customerId,
 *   fields: { internalNote: { read: { allow: ['manager'] } } },
 * } satisfies Policy<'read' | 'refund', { customerId: string }>;
 * ```
 */
export interface Policy<A extends string = string, O = object> {
  /** One rule per action. Action names are letters, digits, `_` and `-`. */
  readonly actions: { readonly [K in A]: Rule<O> };
  /** The id of the user who owns `object`; `null`/`undefined` when nobody does. Needed by `own` grants. */
  owner?(object: O): string | null | undefined;
  /**
   * The action that decides whether a subject may know an object exists. An object-level denial for
   * a subject who may not do this action on the object is answered `not_found` (404) instead of
   * `forbidden` (403). Default: `'read'` when the policy has a `read` action; `false` turns it off.
   */
  readonly visibility?: A | false;
  /**
   * Field rules by field name; the key `'*'` applies to every field not listed. Fields not listed
   * (and no `'*'`) follow the defaults of {@link FieldRule}.
   */
  readonly fields?: Readonly<Record<string, FieldRule>>;
  /** Other names of fields, e.g. `{ first_name: 'firstName' }`, so API-shaped objects are checked too. */
  readonly aliases?: Readonly<Record<string, string>>;
}

/**
 * Why a check failed: `unauthorized` for an anonymous caller (401, sign in and retry), `not_found`
 * when the caller may not know the object exists (404), `forbidden` otherwise (403). They are
 * `TrussError` codes: {@link Authorizer.authorize} throws the error of that code.
 *
 * @example
 * ```ts
 * const decision = authz.can(principal, 'read', 'order', order);
 * if (!decision.allowed) log.info({ code: decision.code satisfies DenialCode, reason: decision.reason });
 * ```
 */
export type DenialCode = 'forbidden' | 'not_found' | 'unauthorized';

/**
 * The answer of {@link Authorizer.can}. When allowed, `scope` says whether it holds for any object
 * or only for objects the subject owns — without an object (`undefined` or `null`), `'own'` tells a
 * list endpoint to filter by owner.
 *
 * @example
 * ```ts
 * const decision = authz.can(principal, 'list', 'order');
 * if (decision.allowed && decision.scope === 'own') query = query.where('user_id', '=', principal.userId);
 * ```
 */
export type Decision =
  | { readonly allowed: true; readonly permission: string; readonly scope: 'any' | 'own' }
  | {
      readonly allowed: false;
      readonly permission: string;
      readonly code: DenialCode;
      /** Why, in words fit for a log line or a 403 message. */
      readonly reason: string;
    };

/**
 * Which object a {@link MatrixRow} is about: none (a route-level check, before any object is
 * loaded), one the subject owns, or one it does not.
 *
 * @example
 * ```ts
 * const about: Ownership = 'other'; // someone else's object
 * const rows = authz.matrix().filter((row) => row.ownership === about);
 * ```
 */
export type Ownership = 'no-object' | 'own' | 'other';

/**
 * One row of {@link Authorizer.matrix}: what a role may do with an action on a resource.
 *
 * @example
 * ```ts
 * // { role: 'user', resource: 'order', action: 'read', permission: 'read:order', ownership: 'other',
 * //   allowed: false, decision: 'not_found', conditional: false }
 * ```
 */
export interface MatrixRow<R extends string = string, A extends string = string> {
  /** The role; `null` for an anonymous caller (who has the anonymous role and owns nothing). */
  readonly role: string | null;
  readonly resource: R;
  readonly action: A;
  /** `action:resource`. */
  readonly permission: `${A}:${R}`;
  readonly ownership: Ownership;
  readonly allowed: boolean;
  /** `'allowed'`, or the code of the denial. */
  readonly decision: 'allowed' | DenialCode;
  /** The rule has a `when` condition: at run time an allowed row may still be denied. */
  readonly conditional: boolean;
}

/**
 * One permission a role holds, as listed by {@link Authorizer.permissionsOf}.
 *
 * @example
 * ```ts
 * // { permission: 'pay:order', resource: 'order', action: 'pay', scope: 'own', conditional: false }
 * ```
 */
export interface PermissionGrant<R extends string = string, A extends string = string> {
  readonly permission: `${A}:${R}`;
  readonly resource: R;
  readonly action: A;
  /** `'any'`: on every object; `'own'`: only on objects the role's user owns. */
  readonly scope: 'any' | 'own';
  /** The rule has a `when` condition. */
  readonly conditional: boolean;
}
