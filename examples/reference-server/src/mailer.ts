import type { Logger, Mailer } from '@truss/core';
import { createFileMailer, createSmtpMailer } from '@truss/mail';
import type { Config } from './config.js';

/** SMTP with `SMTP_URL`; else the development mailer, writing `.eml` files to `MAIL_DIR`. */
export function createMailer(config: Config, logger: Logger): Mailer {
  if (config.SMTP_URL) return createSmtpMailer({ url: config.SMTP_URL, from: config.MAIL_FROM });
  if (config.NODE_ENV === 'production') {
    logger.warn(
      { dir: config.MAIL_DIR },
      'SMTP_URL is not set: email is written to files in MAIL_DIR, not sent',
    );
  }
  return createFileMailer({ dir: config.MAIL_DIR, from: config.MAIL_FROM });
}
