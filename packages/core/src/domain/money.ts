import { z } from 'zod';

/**
 * An amount of money as an exact decimal string with at most 2 decimals and 10 integer digits
 * (`DECIMAL(12,2)`): `"19.99"`, `"0.10"`, `"1200"`. Amounts never pass through a JS float.
 */
export const moneySchema = z
  .string()
  .regex(
    /^(0|[1-9]\d{0,9})(\.\d{1,2})?$/,
    'Amount must be a non-negative decimal string with at most 2 decimals',
  );

/** An exact decimal amount. See {@link moneySchema}. */
export type Money = z.infer<typeof moneySchema>;
