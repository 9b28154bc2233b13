import type { MailMessage } from '@truss/core';
import MailComposer from 'nodemailer/lib/mail-composer';

/**
 * The RFC 5322 bytes of a message (MIME, encoded headers, a Message-ID and a Date), built by
 * nodemailer's composer — exactly what an SMTP server would receive.
 *
 * @example
 * ```ts
 * const eml = await composeMessage({ to: 'ada@example.com', from: 'shop@example.com', subject: 'Hi', text: 'Hello' });
 * ```
 */
export function composeMessage(message: MailMessage & { from: string }): Promise<Buffer> {
  const node = new MailComposer({
    from: message.from,
    to: message.to,
    subject: message.subject,
    text: message.text,
    ...(message.html === undefined ? {} : { html: message.html }),
    ...(message.headers === undefined ? {} : { headers: { ...message.headers } }),
  }).compile();
  return new Promise((resolve, reject) => {
    node.build((error, raw) => (error ? reject(error) : resolve(raw)));
  });
}
