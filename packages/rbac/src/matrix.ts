import { type Actor, actorOf, decide, grantScope } from './decide.js';
import type { Model } from './model.js';
import type { MatrixRow, Ownership, PermissionGrant } from './types.js';

/**
 * Every (role, resource, action, ownership) of the model with its decision: one row per role and
 * anonymous caller (`role: null`), for a check without an object, on an object of someone else,
 * and — when the resource has owners and the caller can own — on its own object.
 */
export function buildMatrix(model: Model): MatrixRow[] {
  const rows: MatrixRow[] = [];
  const actors: Actor[] = [
    ...model.roles.map((role) => actorOf(model, { userId: 'subject', role })),
    actorOf(model, null),
  ];
  for (const policy of model.policies.values()) {
    const targets: Ownership[] = policy.owner ? ['no-object', 'own', 'other'] : ['no-object', 'other'];
    for (const [action, rule] of policy.actions) {
      for (const actor of actors) {
        for (const ownership of targets) {
          if (ownership === 'own' && actor.subject === null) continue;
          const decision = decide(actor, policy, action, ownership, { runConditions: false });
          rows.push(
            Object.freeze({
              role: actor.subject === null ? null : actor.role,
              resource: policy.resource,
              action,
              permission: `${action}:${policy.resource}` as const,
              ownership,
              allowed: decision.allowed,
              decision: decision.allowed ? 'allowed' : decision.code,
              conditional: rule.when !== undefined,
            }),
          );
        }
      }
    }
  }
  return rows;
}

/** The permissions `role` holds, with their scope; throws a `TypeError` for an unknown role. */
export function permissionsOf(model: Model, role: string): PermissionGrant[] {
  if (!model.powers.has(role)) throw new TypeError(`Unknown role "${role}"`);
  const actor = actorOf(model, { userId: 'subject', role });
  const grants: PermissionGrant[] = [];
  for (const policy of model.policies.values()) {
    for (const [action, rule] of policy.actions) {
      const scope = grantScope(actor, rule, 'no-object', true);
      if (scope === null) continue;
      grants.push(
        Object.freeze({
          permission: `${action}:${policy.resource}` as const,
          resource: policy.resource,
          action,
          scope,
          conditional: rule.when !== undefined,
        }),
      );
    }
  }
  return grants;
}
