/**
 * Joins the lines of a generated file, leaving out the ones a choice turned off (`false`, `null`,
 * `undefined`), with a final newline.
 *
 * @example
 * ```ts
 * lines(['a', withOrders && 'b', 'c']); // 'a\nc\n' without orders
 * ```
 */
export function lines(parts: ReadonlyArray<string | false | null | undefined>): string {
  return `${parts.filter((part): part is string => typeof part === 'string').join('\n')}\n`;
}
