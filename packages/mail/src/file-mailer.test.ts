import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFileMailer } from './file-mailer.js';

describe('createFileMailer', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'truss-mail-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const messages = async (folder: string) => {
    const names = (await readdir(folder)).filter((name) => name.endsWith('.eml')).sort();
    return Promise.all(names.map(async (name) => simpleParser(await readFile(join(folder, name)))));
  };

  it('writes each message as an .eml file a mail client reads: sender, recipient, subject, text and HTML', async () => {
    const folder = join(dir, 'mail', 'nested');
    const mailer = createFileMailer({ dir: folder, from: 'Truss Shop <shop@example.com>' });
    await mailer.send({
      to: 'ada@example.com',
      subject: 'Bestellung bestätigt ✓',
      text: 'Danke, Ada!\nIhre Bestellung ist unterwegs.',
      html: '<p>Danke, <b>Ada</b>!</p>',
      headers: { 'X-Truss-Event': 'order.created' },
    });
    const [mail] = await messages(folder);
    expect(mail?.from?.value).toEqual([{ address: 'shop@example.com', name: 'Truss Shop' }]);
    expect(mail?.subject).toBe('Bestellung bestätigt ✓');
    expect(mail?.text?.trim()).toBe('Danke, Ada!\nIhre Bestellung ist unterwegs.');
    expect(mail?.html).toContain('<b>Ada</b>');
    expect(mail?.headers.get('x-truss-event')).toBe('order.created');
    expect(mail?.messageId).toMatch(/^<.+@.+>$/);
  });

  it('keeps every message of a burst, each in a file of its own', async () => {
    const mailer = createFileMailer({ dir, from: 'shop@example.com' });
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        mailer.send({ to: `u${i}@example.com`, subject: `#${i}`, text: 'x' }),
      ),
    );
    const subjects = (await messages(dir)).map((mail) => mail.subject).sort();
    expect(subjects).toHaveLength(20);
    expect(new Set(subjects).size).toBe(20);
    expect((await readdir(dir)).some((name) => name.endsWith('.tmp'))).toBe(false);
  });

  it('refuses header injection and bad addresses with validation_error, writing nothing', async () => {
    const mailer = createFileMailer({ dir, from: 'shop@example.com' });
    for (const bad of [
      { to: 'ada@example.com', subject: 'Hi\r\nBcc: everyone@example.com', text: 'x' },
      { to: 'ada@example.com\nBcc: x@example.com', subject: 'Hi', text: 'x' },
      { to: 'not an address', subject: 'Hi', text: 'x' },
      { to: 'ada@example.com', subject: '', text: 'x' },
      { to: 'ada@example.com', subject: 'Hi', text: 'x', headers: { Bcc: 'x@example.com' } },
    ]) {
      await expect(mailer.send(bad), JSON.stringify(bad)).rejects.toMatchObject({ code: 'validation_error' });
    }
    expect(await readdir(dir)).toEqual([]);
    expect(() => createFileMailer({ dir, from: 'nobody' })).toThrow(
      expect.objectContaining({ code: 'validation_error' }),
    );
  });
});
