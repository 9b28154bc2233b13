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
  if (isValidated(schema, input)) return input as z.output<S>;
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new TrussError('validation_error', `Invalid ${what}`, {
    details: toFieldIssues(result.error.issues),
  });
}

const VALIDATED = Symbol.for('truss.validated');

function isValidated(schema: z.ZodType, input: unknown): boolean {
  return (
    typeof input === 'object' && input !== null && (input as Record<symbol, unknown>)[VALIDATED] === schema
  );
}

/**
 * Marks `value` as already valid for `schema`, so {@link parseInput} answers it as it is instead of
 * validating it a second time. For a boundary that has validated the same input with rules taken
 * from `schema`'s own field schemas — the HTTP routes of `@truss/api` parse the snake_case wire
 * format once and hand services the typed input, marked. The mark is a non-enumerable property:
 * JSON and spreads drop it, so a copy is validated again.
 *
 * @example
 * ```ts
 * const input = markValidated(orderCreateInputSchema, { items: [{ productId, quantity: 2 }] });
 * await orders.create(principal, input); // not parsed again
 * ```
 */
export function markValidated<T extends object>(schema: z.ZodType, value: T): T {
  Object.defineProperty(value, VALIDATED, { value: schema, enumerable: false });
  return value;
}
