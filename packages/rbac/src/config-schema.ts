import { type FieldIssue, TrussError } from '@truss/core';
import { z } from 'zod';
import type { RoleDefinition } from './default-policies.js';
import type { Policy } from './types.js';

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

/** A configuration of the right shape, `roles` and `policies` filled in; names not yet cross-checked. */
export type ParsedConfig = z.output<typeof configSchema>;
/** One policy (or extension of one) of the right shape. */
export type ParsedPolicy = z.output<typeof extensionSchema>;
/** One action's rule of the right shape. */
export type ParsedRule = z.output<typeof ruleSchema>;
/** One role definition of the right shape. */
export type ParsedRole = z.output<typeof roleSchema>;

/** zod's issues as field issues; a bad record key reports what is wrong with the key. */
function issuesOf(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: (issue.code === 'invalid_key' && issue.issues[0]?.message) || issue.message,
  }));
}

/** Throws the `validation_error` of an invalid configuration, naming every problem with its path. */
export function failConfig(issues: readonly FieldIssue[]): never {
  const summary = issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
  throw new TrussError('validation_error', `Invalid RBAC config: ${summary}`, { details: issues });
}

/**
 * Checks the shape of a configuration whose `roles` and `policies` are already filled in (with the
 * defaults when the caller gave none): names, functions, grants, field rules, no unknown keys.
 * Throws a `validation_error` {@link TrussError} naming every problem with its path. What names
 * refer to (roles, actions, resources) is checked while compiling.
 */
export function parseConfig(input: unknown): ParsedConfig {
  const result = configSchema.safeParse(input);
  if (!result.success) failConfig(issuesOf(result.error));
  return result.data;
}
