/**
 * Truss RBAC, pure and framework-agnostic: a role hierarchy (admin ⊇ manager ⊇ user ⊇ guest),
 * permissions as `action:resource`, per-resource policies that look at the subject and the object
 * (ownership, 404 for what a caller may not know exists), field rules for reads and writes, and a
 * matrix of the whole table to review or check. Teams add roles, grants and policies with `extend`.
 * `toAccessControl` hands the authorizer to `@truss/core`'s services as their `AccessControl` port.
 *
 * @example
 * ```ts
 * import { createAuthorizer, toAccessControl } from '@truss/rbac';
 *
 * const authz = createAuthorizer();
 * authz.authorize(principal, 'ship', 'order', order); // manager or admin, else throws
 * const body = authz.pickReadable(principal, 'user', user); // never passwordHash
 * const access = toAccessControl(authz); // for createOrderService({ …, access })
 * ```
 *
 * @module @truss/rbac
 */

export { toAccessControl } from './access-control.js';
export type { Authorizer, AuthorizerFor } from './authorizer.js';
export { createAuthorizer } from './authorizer.js';
export type {
  ActionOf,
  Catalog,
  CatalogOf,
  DefaultCatalog,
  MergeCatalogs,
  PermissionOf,
  ResourceOf,
} from './catalog.js';
export type { AnyPolicy, AuthorizerConfig, PolicyExtension, PolicyMap } from './config-schema.js';
export type { DefaultPolicies, OrderLike, RoleDefinition, UserLike } from './default-policies.js';
export {
  analyticsPolicy,
  DEFAULT_POLICIES,
  DEFAULT_ROLES,
  orderPolicy,
  productPolicy,
  userPolicy,
} from './default-policies.js';
export type {
  Access,
  Decision,
  DenialCode,
  FieldRule,
  Grant,
  MatrixRow,
  Ownership,
  PermissionGrant,
  Policy,
  Rule,
  Subject,
} from './types.js';
