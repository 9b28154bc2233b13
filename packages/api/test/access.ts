import type { AccessControl } from '@truss/core';
import type { AnyAuthorizer } from '../src/index.js';

/** The AccessControl port on an authorizer (as `toAccessControl` of `@truss/rbac` builds it). */
export function toAccessControlForTests(authz: AnyAuthorizer): AccessControl {
  return {
    authorize: (subject, action, resource, object) => authz.guard(subject, action, resource, object),
    scope(subject, action, resource) {
      const decision = authz.can(subject, action, resource);
      if (!decision.allowed) authz.guard(subject, action, resource);
      return decision.allowed ? decision.scope : 'own';
    },
    pickReadable: (subject, resource, object) => authz.pickReadable(subject, resource, object),
    assertWritable: (subject, resource, object, patch) =>
      authz.assertWritable(subject, resource, object as object | undefined, patch),
  };
}
