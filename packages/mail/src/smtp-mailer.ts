import { type Mailer, parseInput, TrussError } from '@truss/core';
import { createTransport } from 'nodemailer';
import { z } from 'zod';
import { prepareMessage, senderSchema } from './message.js';

/**
 * Options of {@link createSmtpMailer}.
 *
 * @example
 * ```ts
 * const options: SmtpMailerOptions = { url: 'smtps://user:secret@smtp.example.com', from: 'Shop <shop@example.com>' };
 * ```
 */
export interface SmtpMailerOptions {
  /** `smtp://` or `smtps://`, with credentials and port, as nodemailer reads it (`SMTP_URL`). */
  url: string;
  /** The sender of messages that name none. */
  from: string;
  /** How long to wait for the server at each step, ms. Default 10 000. */
  timeoutMs?: number;
}

const optionsSchema = z.strictObject({
  url: z.url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL' }),
  from: senderSchema,
  timeoutMs: z.number().int().min(100).max(120_000).default(10_000),
});

/**
 * A {@link Mailer} over SMTP (nodemailer, pooled connections). A server that cannot be reached or
 * refuses the message is a `service_unavailable` `TrussError` (its reason in `cause`, never the
 * password), so a caller — an event consumer — retries.
 *
 * @example
 * ```ts
 * const mailer = createSmtpMailer({ url: process.env.SMTP_URL, from: 'Shop <shop@example.com>' });
 * await mailer.send({ to: 'ada@example.com', subject: 'Your order', text: 'Thank you!' });
 * await mailer.close();
 * ```
 */
export function createSmtpMailer(options: SmtpMailerOptions): Mailer & { close(): Promise<void> } {
  const config = parseInput(optionsSchema, options, 'SMTP mailer options');
  const transport = createTransport({
    url: config.url,
    pool: true,
    connectionTimeout: config.timeoutMs,
    greetingTimeout: config.timeoutMs,
    socketTimeout: config.timeoutMs,
  });
  const host = new URL(config.url).host;
  return {
    async send(message) {
      const prepared = prepareMessage(message, config.from);
      try {
        await transport.sendMail({
          from: prepared.from,
          to: prepared.to,
          subject: prepared.subject,
          text: prepared.text,
          ...(prepared.html === undefined ? {} : { html: prepared.html }),
          ...(prepared.headers === undefined ? {} : { headers: { ...prepared.headers } }),
        });
      } catch (error) {
        throw new TrussError('service_unavailable', `The mail server at ${host} did not take the message`, {
          cause: error,
        });
      }
    },
    async close() {
      transport.close();
    },
  };
}
