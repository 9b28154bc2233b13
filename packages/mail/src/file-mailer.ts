import { randomUUID } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Mailer, parseInput } from '@truss/core';
import { z } from 'zod';
import { composeMessage } from './compose.js';
import { prepareMessage, senderSchema } from './message.js';

/**
 * Options of {@link createFileMailer}.
 *
 * @example
 * ```ts
 * const options: FileMailerOptions = { dir: '.data/mail', from: 'Truss <no-reply@localhost>' };
 * ```
 */
export interface FileMailerOptions {
  /** The folder the `.eml` files go to; created when missing. */
  dir: string;
  /** The sender of messages that name none. */
  from: string;
}

const optionsSchema = z.strictObject({ dir: z.string().min(1), from: senderSchema });

/**
 * A {@link Mailer} for development: each message becomes an `.eml` file in `dir`
 * (`<time>-<id>.eml`, written aside and renamed into place, so a reader never sees half a message),
 * which any mail client opens. Nothing leaves the machine.
 *
 * @example
 * ```ts
 * const mailer = createFileMailer({ dir: '.data/mail', from: 'Truss <no-reply@localhost>' });
 * await mailer.send({ to: 'ada@example.com', subject: 'Welcome', text: 'Hello Ada' });
 * ```
 */
export function createFileMailer(options: FileMailerOptions): Mailer & { readonly dir: string } {
  const config = parseInput(optionsSchema, options, 'file mailer options');
  let ready: Promise<unknown> | undefined;
  return {
    dir: config.dir,
    async send(message) {
      const raw = await composeMessage(prepareMessage(message, config.from));
      ready ??= mkdir(config.dir, { recursive: true });
      await ready;
      const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID()}.eml`;
      const aside = join(config.dir, `.${name}.tmp`);
      await writeFile(aside, raw);
      await rename(aside, join(config.dir, name));
    },
  };
}
