import type { FieldIssue } from '@truss/core';
import {
  type AuthorizerConfig,
  failConfig,
  type ParsedConfig,
  type ParsedPolicy,
  type ParsedRole,
  type ParsedRule,
  parseConfig,
} from './config-schema.js';
import { DEFAULT_POLICIES, DEFAULT_ROLES } from './default-policies.js';
import { resolveHierarchy } from './hierarchy.js';
import type { CompiledPolicy, CompiledRule, Model } from './model.js';
import type { Grant } from './types.js';

function list(value: string | readonly string[] | undefined): readonly string[] {
  return value === undefined ? [] : typeof value === 'string' ? [value] : value;
}

function compileRoles(
  base: Record<string, ParsedRole>,
  extra: Record<string, ParsedRole>,
  issues: FieldIssue[],
) {
  const inherits = new Map<string, string[]>();
  const where = new Map<string, string>();
  for (const [prefix, defs] of [
    ['roles', base],
    ['extend.roles', extra],
  ] as const) {
    for (const role of Object.keys(defs)) {
      if (inherits.has(role)) {
        issues.push({ path: `${prefix}.${role}`, message: `Role "${role}" already exists` });
        continue;
      }
      inherits.set(role, []);
      where.set(role, `${prefix}.${role}`);
    }
  }
  const known = `known roles: ${[...inherits.keys()].join(', ')}`;
  for (const [role, path] of where) {
    const def = (path.startsWith('extend.') ? extra[role] : base[role]) ?? {};
    for (const parent of list(def.inherits)) {
      if (inherits.has(parent)) inherits.get(role)?.push(parent);
      else issues.push({ path: `${path}.inherits`, message: `Unknown role "${parent}" (${known})` });
    }
    for (const child of def.inheritedBy ?? []) {
      if (inherits.has(child)) inherits.get(child)?.push(role);
      else issues.push({ path: `${path}.inheritedBy`, message: `Unknown role "${child}" (${known})` });
    }
  }
  const resolved = resolveHierarchy(inherits);
  if ('cycle' in resolved) {
    const first = resolved.cycle[0] as string;
    issues.push({ path: where.get(first) ?? 'roles', message: `Role cycle: ${resolved.cycle.join(' → ')}` });
    return { roles: [...inherits.keys()], powers: new Map<string, ReadonlySet<string>>() };
  }
  return { roles: [...inherits.keys()], powers: resolved.powers };
}

function checkGrant(grant: Grant, path: string, roles: ReadonlySet<string>, hasOwner: boolean): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const known = `known roles: ${[...roles].join(', ')}`;
  for (const key of ['allow', 'own'] as const) {
    (grant[key] ?? []).forEach((role, i) => {
      if (!roles.has(role))
        issues.push({ path: `${path}.${key}.${i}`, message: `Unknown role "${role}" (${known})` });
    });
  }
  if ((grant.own?.length ?? 0) > 0 && !hasOwner) {
    issues.push({
      path: `${path}.own`,
      message: 'An "own" grant needs the policy to have an owner function',
    });
  }
  return issues;
}

function mergePolicy(base: ParsedPolicy | undefined, extra: ParsedPolicy | undefined): ParsedPolicy {
  return {
    actions: { ...base?.actions, ...extra?.actions },
    owner: extra?.owner ?? base?.owner,
    visibility: extra?.visibility ?? base?.visibility,
    fields: { ...base?.fields, ...extra?.fields },
    aliases: { ...base?.aliases, ...extra?.aliases },
  };
}

function checkPolicy(
  source: ParsedPolicy,
  merged: ParsedPolicy,
  path: string,
  roles: ReadonlySet<string>,
): FieldIssue[] {
  const hasOwner = merged.owner !== undefined;
  const issues: FieldIssue[] = [];
  for (const [action, rule] of Object.entries(source.actions ?? {})) {
    issues.push(...checkGrant(rule, `${path}.actions.${action}`, roles, hasOwner));
  }
  for (const [field, rule] of Object.entries(source.fields ?? {})) {
    for (const mode of ['read', 'write'] as const) {
      const access = rule[mode];
      if (typeof access === 'object')
        issues.push(...checkGrant(access, `${path}.fields.${field}.${mode}`, roles, hasOwner));
    }
  }
  const actions = Object.keys(merged.actions ?? {});
  if (typeof source.visibility === 'string' && !actions.includes(source.visibility)) {
    issues.push({
      path: `${path}.visibility`,
      message: `Unknown action "${source.visibility}" (actions: ${actions.join(', ')})`,
    });
  }
  return issues;
}

function compilePolicies(
  parsed: ParsedConfig,
  roles: ReadonlySet<string>,
  issues: FieldIssue[],
): Map<string, ParsedPolicy> {
  const extra = parsed.extend?.policies ?? {};
  const merged = new Map<string, ParsedPolicy>();
  for (const resource of new Set([...Object.keys(parsed.policies), ...Object.keys(extra)])) {
    const policy = mergePolicy(parsed.policies[resource], extra[resource]);
    merged.set(resource, policy);
    for (const [prefix, source] of [
      ['policies', parsed.policies[resource]],
      ['extend.policies', extra[resource]],
    ] as const) {
      if (source) issues.push(...checkPolicy(source, policy, `${prefix}.${resource}`, roles));
    }
    if (Object.keys(policy.actions ?? {}).length === 0) {
      const path = resource in parsed.policies ? 'policies' : 'extend.policies';
      issues.push({ path: `${path}.${resource}.actions`, message: 'A policy needs at least one action' });
    }
  }
  return merged;
}

function applyGrants(
  grants: Record<string, string[]>,
  policies: Map<string, ParsedPolicy>,
  roles: ReadonlySet<string>,
  issues: FieldIssue[],
): void {
  for (const [role, permissions] of Object.entries(grants)) {
    if (!roles.has(role)) {
      issues.push({
        path: `extend.grants.${role}`,
        message: `Unknown role "${role}" (known roles: ${[...roles].join(', ')})`,
      });
      continue;
    }
    permissions.forEach((permission, i) => {
      const [action = '', resource = '', ...rest] = permission.split(':');
      const rule = policies.get(resource)?.actions?.[action];
      if (rest.length > 0 || !rule) {
        const message = policies.has(resource)
          ? `Unknown permission "${permission}" (actions of ${resource}: ${Object.keys(policies.get(resource)?.actions ?? {}).join(', ')})`
          : `Unknown permission "${permission}": expected "action:resource" with resource one of ${[...policies.keys()].join(', ')}`;
        issues.push({ path: `extend.grants.${role}.${i}`, message });
        return;
      }
      (policies.get(resource)?.actions ?? {})[action] = { ...rule, allow: [...(rule.allow ?? []), role] };
    });
  }
}

function freezeRule(rule: ParsedRule): CompiledRule {
  return Object.freeze({
    allow: Object.freeze([...(rule.allow ?? [])]),
    own: Object.freeze([...(rule.own ?? [])]),
    when: rule.when as CompiledRule['when'],
  });
}

function freezePolicy(resource: string, policy: ParsedPolicy): CompiledPolicy {
  const actions = new Map(Object.entries(policy.actions ?? {}).map(([a, rule]) => [a, freezeRule(rule)]));
  const visibility =
    policy.visibility === false
      ? undefined
      : (policy.visibility ?? (actions.has('read') ? 'read' : undefined));
  return Object.freeze({
    resource,
    actions,
    owner: policy.owner as CompiledPolicy['owner'],
    visibility,
    fields: new Map(Object.entries(policy.fields ?? {}).map(([f, rule]) => [f, Object.freeze(rule)])),
    aliases: new Map(Object.entries(policy.aliases ?? {})),
  });
}

/**
 * Validates a configuration and resolves it into a {@link Model}: the defaults filled in, the shape
 * checked ({@link parseConfig}), the hierarchy closed, extensions merged, every role, action and
 * resource a rule names checked, grants folded in. Throws a `validation_error` `TrussError` naming
 * every problem with its path.
 */
export function compileConfig(config: AuthorizerConfig | undefined): Model {
  const input = {
    ...config,
    roles: config?.roles ?? DEFAULT_ROLES,
    policies: config?.policies ?? DEFAULT_POLICIES,
  };
  const parsed = parseConfig(input);
  const issues: FieldIssue[] = [];
  const { roles, powers } = compileRoles(parsed.roles, parsed.extend?.roles ?? {}, issues);
  const roleSet = new Set(roles);
  const policies = compilePolicies(parsed, roleSet, issues);
  applyGrants(parsed.extend?.grants ?? {}, policies, roleSet, issues);
  const anonymous =
    parsed.anonymous === undefined ? (roleSet.has('guest') ? 'guest' : null) : parsed.anonymous;
  if (anonymous !== null && !roleSet.has(anonymous)) {
    issues.push({
      path: 'anonymous',
      message: `Unknown role "${anonymous}" (known roles: ${roles.join(', ')})`,
    });
  }
  if (issues.length > 0) failConfig(issues);
  return Object.freeze({
    roles: Object.freeze(roles),
    powers,
    anonymous,
    policies: new Map([...policies].map(([resource, policy]) => [resource, freezePolicy(resource, policy)])),
  });
}
