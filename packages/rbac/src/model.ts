import type { FieldRule, Rule } from './types.js';

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
