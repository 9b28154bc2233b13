import type { MailMessage } from '@truss/core';
import { centsToMoney, moneyToCents } from '@truss/repos';

/**
 * Who a mail goes to: the address and the names to greet (either may be `null`).
 *
 * @example
 * ```ts
 * const ada: Recipient = { email: 'ada@example.com', firstName: 'Ada', lastName: null };
 * ```
 */
export interface Recipient {
  email: string;
  firstName: string | null;
  lastName: string | null;
}

/**
 * One line of an order as a confirmation shows it.
 *
 * @example
 * ```ts
 * const line: OrderLine = { name: 'Widget', quantity: 2, unitPrice: '9.99' };
 * ```
 */
export interface OrderLine {
  name: string;
  quantity: number;
  /** Exact decimal string. */
  unitPrice: string;
}

/**
 * A product whose stock is low, as the notice lists it.
 *
 * @example
 * ```ts
 * const item: LowStockItem = { id: product.id, name: 'Widget', stock: 3 };
 * ```
 */
export interface LowStockItem {
  id: string;
  name: string;
  stock: number;
}

/**
 * `text` with `& < > " '` as HTML entities, for text placed in an HTML body.
 *
 * @example
 * ```ts
 * escapeHtml('<b>Tom & Jerry</b>'); // '&lt;b&gt;Tom &amp; Jerry&lt;/b&gt;'
 * ```
 */
export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/**
 * How a mail greets its recipient: the names when known, the address otherwise.
 *
 * @example
 * ```ts
 * greetingName({ email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace' }); // 'Ada Lovelace'
 * ```
 */
export function greetingName(recipient: Recipient): string {
  const name = [recipient.firstName, recipient.lastName].filter((part) => part !== null).join(' ');
  return name === '' ? recipient.email : name;
}

/**
 * A line's amount: quantity × unit price, exact (integer cents).
 *
 * @example
 * ```ts
 * lineTotal({ name: 'Widget', quantity: 3, unitPrice: '0.10' }); // '0.30'
 * ```
 */
export function lineTotal(line: OrderLine): string {
  return centsToMoney(moneyToCents(line.unitPrice) * BigInt(line.quantity));
}

const paragraphs = (lines: readonly string[]) => lines.map((line) => `<p>${escapeHtml(line)}</p>`).join('\n');

/**
 * The welcome mail of a new account (`user.created`).
 *
 * @example
 * ```ts
 * await mailer.send(welcomeMail({ email: 'ada@example.com', firstName: 'Ada', lastName: null }));
 * ```
 */
export function welcomeMail(recipient: Recipient): MailMessage {
  const lines = [
    `Hello ${greetingName(recipient)},`,
    `Welcome to Truss! Your account ${recipient.email} is ready: sign in to start shopping.`,
  ];
  return {
    to: recipient.email,
    subject: 'Welcome to Truss',
    text: `${lines.join('\n\n')}\n`,
    html: paragraphs(lines),
  };
}

/**
 * The confirmation of a new order (`order.created`): each line with its product name, quantity,
 * unit price and amount, and the total.
 *
 * @example
 * ```ts
 * orderConfirmationMail(ada, { id: order.id, lines: [{ name: 'Widget', quantity: 2, unitPrice: '9.99' }], total: '19.98' });
 * ```
 */
export function orderConfirmationMail(
  recipient: Recipient,
  order: { id: string; lines: readonly OrderLine[]; total: string },
): MailMessage {
  const intro = [`Hello ${greetingName(recipient)},`, `Thank you for your order ${order.id}.`];
  const rows = order.lines.map(
    (line) => `${line.quantity} x ${line.name} at ${line.unitPrice} = ${lineTotal(line)}`,
  );
  const total = `Total: ${order.total}`;
  const htmlRows = order.lines
    .map(
      (line) =>
        `<tr><td>${escapeHtml(line.name)}</td><td>${line.quantity}</td><td>${escapeHtml(line.unitPrice)}</td><td>${lineTotal(line)}</td></tr>`,
    )
    .join('\n');
  return {
    to: recipient.email,
    subject: `Your order ${order.id}`,
    text: `${intro.join('\n\n')}\n\n${rows.map((row) => `  ${row}`).join('\n')}\n\n${total}\n`,
    html: [
      paragraphs(intro),
      '<table>',
      '<tr><th>Product</th><th>Quantity</th><th>Unit price</th><th>Amount</th></tr>',
      htmlRows,
      '</table>',
      `<p><strong>${escapeHtml(total)}</strong></p>`,
    ].join('\n'),
  };
}

/**
 * The shipping notice of an order (`order.shipped`), with its tracking number.
 *
 * @example
 * ```ts
 * shippingNoticeMail(ada, { id: order.id, trackingNumber: 'TRK-123' });
 * ```
 */
export function shippingNoticeMail(
  recipient: Recipient,
  order: { id: string; trackingNumber: string },
): MailMessage {
  const lines = [
    `Hello ${greetingName(recipient)},`,
    `Your order ${order.id} has shipped.`,
    `Tracking number: ${order.trackingNumber}`,
  ];
  return {
    to: recipient.email,
    subject: `Your order ${order.id} has shipped`,
    text: `${lines.join('\n\n')}\n`,
    html: paragraphs(lines),
  };
}

/**
 * The low-stock notice a Manager gets: each product whose stock fell below `threshold`.
 *
 * @example
 * ```ts
 * lowStockMail(manager, [{ id: product.id, name: 'Widget', stock: 3 }], 10);
 * ```
 */
export function lowStockMail(
  recipient: Recipient,
  items: readonly LowStockItem[],
  threshold: number,
): MailMessage {
  const intro = [
    `Hello ${greetingName(recipient)},`,
    `The stock of ${items.length === 1 ? 'this product is' : 'these products are'} below ${threshold}:`,
  ];
  const rows = items.map((item) => `${item.name} (${item.id}): ${item.stock} left`);
  return {
    to: recipient.email,
    subject: `Low stock: ${items.map((item) => item.name).join(', ')}`.replace(/\s+/g, ' ').slice(0, 200),
    text: `${intro.join('\n\n')}\n\n${rows.map((row) => `  ${row}`).join('\n')}\n`,
    html: `${paragraphs(intro)}\n<ul>\n${rows.map((row) => `<li>${escapeHtml(row)}</li>`).join('\n')}\n</ul>`,
  };
}
