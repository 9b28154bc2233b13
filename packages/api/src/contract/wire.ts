import { markValidated } from '@truss/core';
import type { z } from 'zod';

/**
 * A wire schema whose output becomes a service's typed input: `wire` checks the request as the API
 * takes it (snake_case, built from the same field schemas as `core`), `to` renames it into what
 * `core` outputs, and the result is marked as validated by `core` (`markValidated`), so the
 * service does not check it a second time. Input is validated once, here.
 *
 * @example
 * ```ts
 * const payBody = into(z.strictObject({ payment_token: tokenSchema }), payOrderInputSchema, (b) => ({ paymentToken: b.payment_token }));
 * ```
 */
export function into<W extends z.ZodType, C extends z.ZodType<object>>(
  wire: W,
  core: C,
  to: (value: z.output<W>) => z.output<C>,
) {
  return wire.transform((value) => markValidated(core, to(value)));
}
