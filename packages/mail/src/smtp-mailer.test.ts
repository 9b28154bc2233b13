import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSmtpMailer } from './smtp-mailer.js';

// A real SMTP server on loopback (smtp-server), as the mail relay of a deployment would be.
describe('createSmtpMailer', () => {
  const received: { from: string; to: string[]; raw: Buffer }[] = [];
  let server: SMTPServer;
  let port: number;

  beforeAll(async () => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onAuth(auth, _session, callback) {
        if (auth.username === 'truss' && auth.password === 'secret') callback(null, { user: 'truss' });
        else callback(new Error('Invalid username or password'));
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks),
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('hands the message to the SMTP server, with credentials from the URL', async () => {
    const mailer = createSmtpMailer({
      url: `smtp://truss:secret@127.0.0.1:${port}`,
      from: 'Shop <shop@example.com>',
    });
    try {
      await mailer.send({ to: 'ada@example.com', subject: 'Your order', text: 'Order 42 is confirmed.' });
    } finally {
      await mailer.close();
    }
    const last = received.at(-1);
    expect(last?.from).toBe('shop@example.com');
    expect(last?.to).toEqual(['ada@example.com']);
    const mail = await simpleParser(last?.raw ?? Buffer.alloc(0));
    expect(mail.subject).toBe('Your order');
    expect(mail.text?.trim()).toBe('Order 42 is confirmed.');
  });

  it('answers service_unavailable when the server refuses or cannot be reached, without the password', async () => {
    const wrong = createSmtpMailer({ url: `smtp://truss:nope@127.0.0.1:${port}`, from: 'shop@example.com' });
    const refused = wrong.send({ to: 'ada@example.com', subject: 'x', text: 'x' });
    await expect(refused).rejects.toMatchObject({ code: 'service_unavailable' });
    await expect(refused).rejects.not.toThrow(/nope/);
    await wrong.close();
    const closed = createSmtpMailer({ url: 'smtp://127.0.0.1:1', from: 'shop@example.com', timeoutMs: 500 });
    await expect(closed.send({ to: 'ada@example.com', subject: 'x', text: 'x' })).rejects.toMatchObject({
      code: 'service_unavailable',
    });
    await closed.close();
  });

  it('checks its options and messages before anything is sent', () => {
    expect(() => createSmtpMailer({ url: 'http://example.com', from: 'shop@example.com' })).toThrow(
      expect.objectContaining({ code: 'validation_error' }),
    );
  });
});
