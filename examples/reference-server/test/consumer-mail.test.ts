import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFileMailer } from '@truss/mail';
import { simpleParser } from 'mailparser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  escapeHtml,
  lineTotal,
  lowStockMail,
  orderConfirmationMail,
  type Recipient,
  shippingNoticeMail,
  welcomeMail,
} from '../src/consumers/index.js';

// The mails of the consumers, built by pure functions, written by the development mailer and read
// back with a real MIME parser, as a mail client would.

const ada: Recipient = { email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace' };
const ORDER_ID = '7d0c1f4e-0000-4000-8000-000000000001';

describe('consumer mails', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'truss-consumer-mail-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  async function sendAndParse(message: Parameters<ReturnType<typeof createFileMailer>['send']>[0]) {
    await createFileMailer({ dir, from: 'Truss <no-reply@truss.test>' }).send(message);
    const [name] = (await readdir(dir)).filter((file) => file.endsWith('.eml'));
    return simpleParser(await readFile(join(dir, name as string)));
  }

  it('welcomes a new account by name, or by address when it has none', async () => {
    const mail = await sendAndParse(welcomeMail(ada));
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.value : []).toEqual([
      { address: 'ada@example.com', name: '' },
    ]);
    expect(mail.subject).toBe('Welcome to Truss');
    expect(mail.text).toContain('Hello Ada Lovelace,');
    expect(mail.html).toContain('<p>Hello Ada Lovelace,</p>');
    expect(welcomeMail({ email: 'bo@example.com', firstName: null, lastName: null }).text).toMatch(
      /^Hello bo@example\.com,/,
    );
  });

  it('confirms an order line by line with exact amounts and the total', async () => {
    const lines = [
      { name: 'Widget', quantity: 3, unitPrice: '0.10' },
      { name: 'Lamp', quantity: 1, unitPrice: '1234567.89' },
    ];
    const mail = await sendAndParse(orderConfirmationMail(ada, { id: ORDER_ID, lines, total: '1234568.19' }));
    expect(mail.subject).toBe(`Your order ${ORDER_ID}`);
    expect(mail.text).toContain('3 x Widget at 0.10 = 0.30'); // never 0.30000000000000004
    expect(mail.text).toContain('1 x Lamp at 1234567.89 = 1234567.89');
    expect(mail.text).toContain('Total: 1234568.19');
    expect(mail.html).toContain('<td>Widget</td><td>3</td><td>0.10</td><td>0.30</td>');
  });

  it('escapes names in the HTML body and keeps them as they are in the text', async () => {
    const lines = [{ name: '<script>alert("x")</script> & Co', quantity: 2, unitPrice: '5.00' }];
    const message = orderConfirmationMail(
      { email: 'eve@example.com', firstName: '<b>Eve</b>', lastName: null },
      { id: ORDER_ID, lines, total: '10.00' },
    );
    expect(message.html).not.toContain('<script>');
    expect(message.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co');
    expect(message.html).toContain('Hello &lt;b&gt;Eve&lt;/b&gt;,');
    const mail = await sendAndParse(message);
    expect(mail.text).toContain('2 x <script>alert("x")</script> & Co at 5.00 = 10.00');
    expect(escapeHtml(`'"&<>`)).toBe('&#39;&quot;&amp;&lt;&gt;');
  });

  it('tells the tracking number of a shipped order', async () => {
    const mail = await sendAndParse(shippingNoticeMail(ada, { id: ORDER_ID, trackingNumber: 'TRK-42' }));
    expect(mail.subject).toBe(`Your order ${ORDER_ID} has shipped`);
    expect(mail.text).toContain('Tracking number: TRK-42');
  });

  it('lists the low products, with a one-line subject whatever their names', async () => {
    const items = [
      { id: 'p1', name: 'Widget', stock: 3 },
      { id: 'p2', name: 'Two\r\nlines', stock: 0 },
    ];
    const mail = await sendAndParse(lowStockMail(ada, items, 10));
    expect(mail.subject).toBe('Low stock: Widget, Two lines');
    expect(mail.text).toContain('below 10:');
    expect(mail.text).toContain('Widget (p1): 3 left');
    expect(mail.text).toContain('(p2): 0 left');
  });

  it('multiplies line amounts exactly', () => {
    expect(lineTotal({ name: 'x', quantity: 7, unitPrice: '0.07' })).toBe('0.49');
    expect(lineTotal({ name: 'x', quantity: 1000, unitPrice: '9999999.99' })).toBe('9999999990.00');
  });
});
