/**
 * A password policy after NIST SP 800-63B for Truss's user service: refuses the ~49 000 most common
 * passwords. An entry of its own: the list is large, and only a service that sets passwords needs it.
 *
 * @example
 * ```ts
 * import { createPasswordPolicy } from '@truss/auth/password-policy';
 *
 * const users = createUserService({ users: repositories.users, hasher, passwordPolicy: createPasswordPolicy() });
 * ```
 *
 * @module @truss/auth/password-policy
 */

import type { PasswordPolicy } from '@truss/core';
import { dictionary } from '@zxcvbn-ts/language-common';

let common: Set<string> | undefined;

/** The ~49 000 most common passwords of zxcvbn-ts's list, lower-cased; built on first use. */
function commonPasswords(): Set<string> {
  common ??= new Set((dictionary['passwords-common'] as string[]).map((p) => p.toLowerCase()));
  return common;
}

/**
 * A password policy after NIST SP 800-63B: no composition rules; refuses the most common passwords
 * (case-insensitively) and passwords that are the account's email or its local part. Length is
 * bounded by the domain schema.
 *
 * @example
 * ```ts
 * const policy = createPasswordPolicy();
 * policy('password123', {}); // 'This password is too common…'
 * policy('correct horse battery staple', {}); // null
 * ```
 */
export function createPasswordPolicy(): PasswordPolicy {
  return (password, { email }) => {
    const lower = password.toLowerCase();
    if (commonPasswords().has(lower)) return 'This password is too common; choose a less predictable one';
    if (email) {
      const normalized = email.toLowerCase();
      if (lower === normalized || lower === normalized.split('@')[0])
        return 'The password must not be your email address';
    }
    return null;
  };
}
