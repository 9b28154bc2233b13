import { type FieldIssue, TrussError } from '@truss/core';
import { z } from 'zod';
import { DEFAULT_POLICIES, DEFAULT_ROLES, type RoleDefinition } from './default-policies.js';
import { resolveHierarchy } from './hierarchy.js';
import type { FieldRule, Grant, Policy, Rule } from './types.js';

/**
 * Any policy, whatever its actions and object type.
 *
 * @example
 * ```ts
 * const policies: Record<string, AnyPolicy> = { ...DEFAULT_POLICIES, invoice: invoicePolicy };
 * ```
 */
// biome-ignore lint/suspicious/noExplicitAny: a map of policies of any object type must accept each one.
export type AnyPolicy = Policy<any, any>;

/**
 * Policies by resource name, as `policies` of {@link AuthorizerConfig} takes them.
 *
 * @example
 * ```ts
 * const table = { page: { actions: { read: { allow: ['reader'] } } } } satisfies PolicyMap;
 * ```
 */
export type PolicyMap = Readonly<Record<string, AnyPolicy>>;

/**
 * Additions to an existing resource's policy (more actions, fields, aliases, or a replaced rule), or
 * the whole policy of a new resource. Actions and fields it names replace those of the same name;
 * `owner`, `visibility` replace the base's when given.
 *
 * @example
 * ```ts
 * const refunds = { actions: { refund: { allow: ['admin'] } } } satisfies PolicyExtension;
 * createAuthorizer({ extend: { policies: { order: refunds } } });
 * ```
 */
// biome-ignore lint/suspicious/noExplicitAny: see AnyPolicy.
export type PolicyExtension = Partial<Policy<any, any>>;

/**
 * Options of {@link createAuthorizer}. Everything is optional: no options give the spec's roles and
 * {@link DEFAULT_POLICIES}. `roles` and `policies` replace the defaults; `extend` adds to them.
 *
 * @example
 * ```ts
 * const config: AuthorizerConfig = {
 *   extend: {
 *     roles: { support: { inherits: 'user' } },
 *     grants: { support: ['read:order', 'list:order'] },
 *   },
 * };
 * ```
 */
export interface AuthorizerConfig<
  P extends PolicyMap = PolicyMap,
  E extends Readonly<Record<string, PolicyExtension>> = Readonly<Record<string, PolicyExtension>>,
> {
  /** The whole role hierarchy. Default: {@link DEFAULT_ROLES}. */
  readonly roles?: Readonly<Record<string, RoleDefinition>>;
  /** The whole policy table. Default: {@link DEFAULT_POLICIES}. */
  readonly policies?: P;
  /** The role of an anonymous caller; `null` denies anonymous callers everything. Default: `'guest'` when it exists. */
  readonly anonymous?: string | null;
  /** Additions that keep the defaults (or `roles` / `policies`). */
  readonly extend?: {
    /** New roles and where they sit in the hierarchy. */
    readonly roles?: Readonly<Record<string, RoleDefinition>>;
    /** New resources, or actions / fields / aliases added to (or replacing those of) existing ones. */
    readonly policies?: E;
    /** Extra permissions by role, as `action:resource`; each lets the role act on any object. */
    readonly grants?: Readonly<Record<string, readonly string[]>>;
  };
}

const NAME = /^[A-Za-z][\w-]*$/;
const nameSchema = z.string().regex(NAME, 'Use letters, digits, "_" and "-", starting with a letter');
const fnSchema = z.custom<(...args: never[]) => unknown>((value) => typeof value === 'function', {
  message: 'Expected a function',
});
const grantSchema = z.strictObject({
  allow: z.array(z.string()).optional(),
  own: z.array(z.string()).optional(),
});
const ruleSchema = grantSchema.extend({ when: fnSchema.optional() });
const accessSchema = z.union([z.boolean(), grantSchema], {
  error: 'Expected true, false or a grant ({ allow, own })',
});
const fieldRuleSchema = z.strictObject({ read: accessSchema.optional(), write: accessSchema.optional() });
const extensionSchema = z.strictObject({
  actions: z.record(nameSchema, ruleSchema).optional(),
  owner: fnSchema.optional(),
  visibility: z.union([z.string(), z.literal(false)]).optional(),
  fields: z.record(z.string(), fieldRuleSchema).optional(),
  aliases: z.record(z.string(), z.string()).optional(),
});
const roleSchema = z.strictObject({
  inherits: z
    .union([z.string(), z.array(z.string())], { error: 'Expected a role name or a list of role names' })
    .optional(),
  inheritedBy: z.array(z.string()).optional(),
});
const rolesSchema = z.record(nameSchema, roleSchema);
const configSchema = z.strictObject({
  roles: rolesSchema,
  policies: z.record(nameSchema, extensionSchema),
  anonymous: z.string().nullable().optional(),
  extend: z
    .strictObject({
      roles: rolesSchema.optional(),
      policies: z.record(nameSchema, extensionSchema).optional(),
      grants: z.record(z.string(), z.array(z.string())).optional(),
    })
    .optional(),
});

type ParsedPolicy = z.output<typeof extensionSchema>;

/** One action's rule, resolved. */
export interface CompiledRule {
  readonly allow: readonly string[];
  readonly own: readonly string[];
  readonly when: Rule<unknown>['when'];
}

/** One resource's policy, resolved: defaults and extensions merged, grants folded in. */
export interface CompiledPolicy {
  readonly resource: string;
  readonly actions: ReadonlyMap<string, CompiledRule>;
  readonly owner: ((object: unknown) => unknown) | undefined;
  readonly visibility: string | undefined;
  readonly fields: ReadonlyMap<string, FieldRule>;
  readonly aliases: ReadonlyMap<string, string>;
}

/** A validated configuration, ready to answer questions. */
export interface Model {
  /** Every role, in declaration order (the defaults' first). */
  readonly roles: readonly string[];
  /** For each role, the roles whose permissions it holds, itself included. */
  readonly powers: ReadonlyMap<string, ReadonlySet<string>>;
  readonly anonymous: string | null;
  readonly policies: ReadonlyMap<string, CompiledPolicy>;
}

function list(value: string | readonly string[] | undefined): readonly string[] {
  return value === undefined ? [] : typeof value === 'string' ? [value] : value;
}

/** zod's issues as field issues; a bad record key reports what is wrong with the key. */
function issuesOf(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: (issue.code === 'invalid_key' && issue.issues[0]?.message) || issue.message,
  }));
}

function fail(issues: readonly FieldIssue[]): never {
  const summary = issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
  throw new TrussError('validation_error', `Invalid RBAC config: ${summary}`, { details: issues });
}

function compileRoles(
  base: Record<string, z.output<typeof roleSchema>>,
  extra: Record<string, z.output<typeof roleSchema>>,
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
  parsed: z.output<typeof configSchema>,
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

function freezeRule(rule: z.output<typeof ruleSchema>): CompiledRule {
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
 * Validates a configuration and resolves it: hierarchy closed, extensions merged, grants folded in.
 * Throws a `validation_error` {@link TrussError} naming every problem with its path.
 */
export function compileConfig(config: AuthorizerConfig | undefined): Model {
  const input = {
    ...config,
    roles: config?.roles ?? DEFAULT_ROLES,
    policies: config?.policies ?? DEFAULT_POLICIES,
  };
  const result = configSchema.safeParse(input);
  if (!result.success) fail(issuesOf(result.error));
  const parsed = result.data;
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
  if (issues.length > 0) fail(issues);
  return Object.freeze({
    roles: Object.freeze(roles),
    powers,
    anonymous,
    policies: new Map([...policies].map(([resource, policy]) => [resource, freezePolicy(resource, policy)])),
  });
}
