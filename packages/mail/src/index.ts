/**
 * Truss mailers, implementations of the `Mailer` port of `@truss/core`: {@link createFileMailer}
 * writes each message as an `.eml` file for development; {@link createSmtpMailer} sends over SMTP
 * with nodemailer. Both validate messages (one recipient, one-line subject and headers) first.
 *
 * @example
 * ```ts
 * import { createFileMailer, createSmtpMailer } from '@truss/mail';
 *
 * const mailer = process.env.SMTP_URL
 *   ? createSmtpMailer({ url: process.env.SMTP_URL, from: 'Shop <shop@example.com>' })
 *   : createFileMailer({ dir: '.data/mail', from: 'Shop <shop@localhost>' });
 * ```
 *
 * @module @truss/mail
 */

export { composeMessage } from './compose.js';
export type { FileMailerOptions } from './file-mailer.js';
export { createFileMailer } from './file-mailer.js';
export { mailMessageSchema, senderSchema } from './message.js';
export type { SmtpMailerOptions } from './smtp-mailer.js';
export { createSmtpMailer } from './smtp-mailer.js';
