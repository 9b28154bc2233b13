import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Mailer, MailMessage } from '@truss/core';
import type { Repositories } from '@truss/repos';
import { type ParsedMail, simpleParser } from 'mailparser';
import { expect } from 'vitest';
import type { DeliveredEvent } from '../src/consumers/index.js';

/**
 * The outbox rows of `topic` about `aggregateId` (the payload's `id`), as the bus delivers them:
 * the row id is the event id, the aggregate id its key.
 */
export async function eventsAbout(
  repositories: Repositories,
  topic: string,
  aggregateId: string,
): Promise<DeliveredEvent[]> {
  const rows = await repositories.outbox.listPending(1000);
  return rows
    .filter((row) => row.topic === topic && (row.payload as { id?: unknown }).id === aggregateId)
    .map((row) => ({
      id: row.id,
      topic: row.topic,
      key: aggregateId,
      payload: row.payload,
      occurredAt: row.createdAt,
    }));
}

/** The one event of `topic` about `aggregateId`. */
export async function eventAbout(
  repositories: Repositories,
  topic: string,
  aggregateId: string,
): Promise<DeliveredEvent> {
  const events = await eventsAbout(repositories, topic, aggregateId);
  expect(events, `${topic} events about ${aggregateId}`).toHaveLength(1);
  return events[0] as DeliveredEvent;
}

/** A fresh temporary folder for a file mailer. */
export function mailFolder(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'truss-consumers-'));
}

/** Every `.eml` file of `dir`, parsed as a mail client would; with `eventId`, only that event's. */
export async function mailsIn(dir: string, eventId?: string): Promise<ParsedMail[]> {
  const names = (await readdir(dir).catch(() => [])).filter((name) => name.endsWith('.eml')).sort();
  const mails = await Promise.all(names.map(async (name) => simpleParser(await readFile(join(dir, name)))));
  return eventId === undefined
    ? mails
    : mails.filter((mail) => mail.headers.get('x-truss-event-id') === eventId);
}

/** The first address a parsed mail is sent to. */
export function recipientOf(mail: ParsedMail): string | undefined {
  const to = Array.isArray(mail.to) ? mail.to[0] : mail.to;
  return to?.value[0]?.address;
}

/** A mailer that refuses the next `failures` messages (a down SMTP server), then hands them on. */
export function flakyMailer(inner: Mailer, failures: number): Mailer & { refused: number } {
  let left = failures;
  const mailer = {
    refused: 0,
    async send(message: MailMessage) {
      if (left > 0) {
        left--;
        mailer.refused++;
        throw new Error('421 service not available');
      }
      await inner.send(message);
    },
  };
  return mailer;
}
