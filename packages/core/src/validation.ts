import type { z } from 'zod';
import { type FieldIssue, TrussError } from './errors.js';

/**
 * Turns zod issues into the `details` of a `validation_error`: one `{ path, message }` per issue.
 */
export function toFieldIssues(issues: readonly z.core.$ZodIssue[]): FieldIssue[] {
  return issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

/**
 * Parses `input` with `schema`; on failure throws a `validation_error` {@link TrussError} whose
 * `details` list every field issue. Use it at every public boundary.
 *
 * @example
 * ```ts
 * const input = parseInput(registerInputSchema, body); // typed, or throws 422
 * ```
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what = 'input'): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new TrussError('validation_error', `Invalid ${what}`, {
    details: toFieldIssues(result.error.issues),
  });
}
