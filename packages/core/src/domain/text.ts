import { z } from 'zod';

/** C0 controls (NUL included), DEL and C1 controls. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
/** The same, except tab, line feed and carriage return. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL_BUT_WHITESPACE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/**
 * A one-line text field stored as given: trimmed, `min` to `max` characters, no control character
 * at all (NUL, which PostgreSQL refuses and SQLite would store, tabs and newlines included) — a
 * 422 `validation_error` on every database.
 *
 * @example
 * ```ts
 * const nameSchema = singleLineText(1, 200);
 * nameSchema.safeParse('Widget\u0000').success; // false
 * ```
 */
export function singleLineText(min: number, max: number) {
  return z
    .string()
    .trim()
    .min(min)
    .max(max)
    .refine((value) => !CONTROL.test(value), 'must not contain control characters');
}

/**
 * A multi-line text field (a description): up to `max` characters, tabs and newlines allowed, any
 * other control character (NUL first of all) refused.
 *
 * @example
 * ```ts
 * multiLineText(10_000).safeParse('Line one\nLine two').success; // true
 * ```
 */
export function multiLineText(max: number) {
  return z
    .string()
    .max(max)
    .refine(
      (value) => !CONTROL_BUT_WHITESPACE.test(value),
      'must not contain control characters other than tabs and newlines',
    );
}
