import { z } from 'zod';
import { moneySchema } from './money.js';
import { multiLineText, singleLineText } from './text.js';

/** A product of the catalogue (spec §3.1). */
export const productSchema = z.object({
  id: z.uuid(),
  name: singleLineText(1, 200),
  description: multiLineText(10_000).nullable(),
  price: moneySchema,
  stock: z.number().int().min(0),
  createdAt: z.date(),
  updatedAt: z.date(),
});

/** A product. See {@link productSchema}. */
export type Product = z.infer<typeof productSchema>;
