/**
 * One email message: plain text always (every client can show it), HTML optionally.
 *
 * @example
 * ```ts
 * const message: MailMessage = { to: 'ada@example.com', subject: 'Welcome', text: 'Hello Ada' };
 * ```
 */
export interface MailMessage {
  /** One recipient address. */
  to: string;
  subject: string;
  /** The plain-text body. */
  text: string;
  /** An HTML alternative of `text`. */
  html?: string;
  /** Overrides the mailer's default sender. */
  from?: string;
  /** Extra headers, e.g. `{ 'X-Truss-Event': 'order.created' }`. */
  headers?: Readonly<Record<string, string>>;
}

/**
 * Sends email (welcome mail, order confirmations, password resets). `@truss/mail` implements it:
 * a development mailer that writes `.eml` files, and an SMTP mailer.
 *
 * @example
 * ```ts
 * await mailer.send({ to: user.email, subject: 'Your order', text: `Order ${order.id} is confirmed.` });
 * ```
 */
export interface Mailer {
  /**
   * Sends one message. Resolves once it is handed over (to the SMTP server, to the file system);
   * rejects when it could not be, so a caller can retry.
   */
  send(message: MailMessage): Promise<void>;
}
