import { type MailMessage, parseInput } from '@truss/core';
import { z } from 'zod';

/** A header value or subject: one line (a CR or LF would let a value inject headers). */
const oneLine = (max: number) =>
  z
    .string()
    .max(max)
    .refine((value) => !/[\r\n\0]/.test(value), 'must be one line (no CR, LF or NUL)');

/** `ada@example.com`, or `Ada Lovelace <ada@example.com>`. */
const address = oneLine(320).refine(
  (value) => z.email().safeParse(value.match(/<([^<>]+)>\s*$/)?.[1] ?? value).success,
  'must be an email address, optionally as "Name <address>"',
);

/**
 * What a mailer accepts: one recipient, a one-line subject, a text body (and an HTML one), no
 * header that could smuggle another header in.
 *
 * @example
 * ```ts
 * mailMessageSchema.parse({ to: 'ada@example.com', subject: 'Welcome', text: 'Hello' });
 * ```
 */
export const mailMessageSchema = z.strictObject({
  to: address,
  subject: oneLine(998).pipe(z.string().min(1)),
  text: z.string().max(1_000_000),
  html: z.string().max(2_000_000).optional(),
  from: address.optional(),
  headers: z
    .record(z.string().regex(/^X-[\w-]{1,70}$/i, 'custom headers start with X-'), oneLine(998))
    .optional(),
});

/**
 * The sender option of a mailer: `Name <address>` or an address.
 *
 * @example
 * ```ts
 * senderSchema.parse('Truss <no-reply@example.com>');
 * ```
 */
export const senderSchema = address;

/** Validates a message, with the mailer's default sender. Throws 422 `validation_error`. */
export function prepareMessage(message: MailMessage, defaultFrom: string): MailMessage & { from: string } {
  const valid = parseInput(mailMessageSchema, message, 'mail message');
  return { ...valid, from: valid.from ?? defaultFrom };
}
