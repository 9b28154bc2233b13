import type { CompiledPolicy, CompiledRule, Model } from './model.js';
import type { Access, Decision, Ownership, Subject } from './types.js';

/** Who acts, reduced to what rules look at. */
export interface Actor {
  /** The subject as given; `null` when anonymous. */
  readonly subject: Subject | null;
  /** The role whose permissions apply; `null` when anonymous callers get none. */
  readonly role: string | null;
  /** The roles whose permissions the actor holds (empty for an unknown role). */
  readonly powers: ReadonlySet<string>;
}

const NONE: ReadonlySet<string> = new Set();

/** The {@link Actor} of a subject: an anonymous caller gets the model's anonymous role. */
export function actorOf(model: Model, subject: Subject | null): Actor {
  const role = subject === null ? model.anonymous : subject.role;
  return { subject, role, powers: (role !== null && model.powers.get(role)) || NONE };
}

/** Whether the subject owns `object` under `policy`; `'no-object'` without one. */
export function ownershipOf(policy: CompiledPolicy, actor: Actor, object: unknown): Ownership {
  if (object === undefined || object === null) return 'no-object';
  const owner = policy.owner?.(object);
  return actor.subject !== null && owner !== undefined && owner !== null && owner === actor.subject.userId
    ? 'own'
    : 'other';
}

/**
 * The scope a grant gives an actor on a target: `'any'`, `'own'`, or `null` when it gives nothing.
 * Without an object (`no-object`), an `own` grant counts when `ownWithoutObject` is set: the actor
 * may act on what it owns, which a list endpoint turns into a filter.
 */
export function grantScope(
  actor: Actor,
  grant: { readonly allow?: readonly string[]; readonly own?: readonly string[] },
  target: Ownership,
  ownWithoutObject: boolean,
): 'any' | 'own' | null {
  if (grant.allow?.some((role) => actor.powers.has(role))) return 'any';
  const ownable = target === 'own' || (target === 'no-object' && ownWithoutObject && actor.subject !== null);
  return ownable && grant.own?.some((role) => actor.powers.has(role)) ? 'own' : null;
}

/** Options of {@link decide}. */
export interface DecideOptions {
  /** The object, for `when` conditions; absent in the matrix. */
  readonly object?: unknown;
  /** Run `when` conditions. The matrix cannot (it has no object) and marks such rows instead. */
  readonly runConditions: boolean;
}

function denial(actor: Actor, permission: string, code: 'forbidden' | 'not_found', reason: string): Decision {
  if (actor.subject === null) {
    return {
      allowed: false,
      permission,
      code: 'unauthorized',
      reason: `Sign in to ${permission.replace(':', ' ')}`,
    };
  }
  return { allowed: false, permission, code, reason };
}

function whyNot(actor: Actor, rule: CompiledRule, action: string, resource: string): string {
  if (actor.role !== null && actor.powers.size === 0) return `Unknown role "${actor.role}"`;
  if (grantScope(actor, rule, 'own', true) === 'own')
    return `Role "${actor.role}" may ${action} only its own ${resource}`;
  return `Role "${actor.role}" may not ${action} ${resource}`;
}

/**
 * The decision for `action` on `policy`'s resource by `actor`, about a `target` object. A denial on
 * an object the actor may not see (the policy's visibility action) becomes `not_found`; any denial
 * of an anonymous caller becomes `unauthorized`.
 */
export function decide(
  actor: Actor,
  policy: CompiledPolicy,
  action: string,
  target: Ownership,
  options: DecideOptions,
): Decision {
  const rule = policy.actions.get(action);
  const permission = `${action}:${policy.resource}`;
  if (!rule) throw new TypeError(`Unknown permission "${permission}"`);
  const scope = grantScope(actor, rule, target, true);
  if (scope !== null) {
    const verdict = options.runConditions && rule.when ? rule.when(actor.subject, options.object) : true;
    if (verdict === true) return { allowed: true, permission, scope };
    const reason = `A condition of ${permission} is not met`;
    if (verdict === 'not_found') return denial(actor, permission, 'not_found', reason);
    return denial(
      actor,
      permission,
      hidden(actor, policy, action, target, options) ? 'not_found' : 'forbidden',
      reason,
    );
  }
  const reason = whyNot(actor, rule, action, policy.resource);
  return denial(
    actor,
    permission,
    hidden(actor, policy, action, target, options) ? 'not_found' : 'forbidden',
    reason,
  );
}

/** Whether a denial about an object should pretend the object does not exist. */
function hidden(
  actor: Actor,
  policy: CompiledPolicy,
  action: string,
  target: Ownership,
  options: DecideOptions,
) {
  const visibility = policy.visibility;
  if (target === 'no-object' || visibility === undefined) return false;
  if (visibility === action) return true;
  return !decide(actor, policy, visibility, target, options).allowed;
}

/**
 * Whether `actor` may read or write `field` of an object of `policy`. Rules are looked up through
 * aliases, then `'*'`; an absent rule follows the `read` action (reading; everyone without one) or
 * the `update` action (writing; nobody without one). Without an object, `own` grants never count.
 */
export function fieldAllowed(
  actor: Actor,
  policy: CompiledPolicy,
  field: string,
  mode: 'read' | 'write',
  target: Ownership,
  object: unknown,
): boolean {
  const name = policy.aliases.get(field) ?? field;
  const access: Access | undefined = (policy.fields.get(name) ?? policy.fields.get('*'))?.[mode];
  const strict: Ownership = target === 'no-object' ? 'other' : target;
  if (typeof access === 'boolean') return access;
  if (access !== undefined) return grantScope(actor, access, strict, false) !== null;
  const action = mode === 'read' ? 'read' : 'update';
  if (!policy.actions.has(action)) return mode === 'read';
  return decide(actor, policy, action, strict, { object, runConditions: true }).allowed;
}
