/**
 * One CSV field (RFC 4180): quoted when it holds a comma, a quote, a line break or a leading or
 * trailing space, quotes doubled. A text starting with `=`, `+`, `-`, `@`, a tab or a carriage
 * return is prefixed with `'` so a spreadsheet shows it instead of running it as a formula (OWASP
 * "CSV injection"). Numbers are written as they are; `null` and `undefined` as an empty field.
 *
 * @example
 * ```ts
 * csvField('=HYPERLINK("http://x")'); // '"\'=HYPERLINK(""http://x"")"'
 * csvField('a,b'); // '"a,b"'
 * ```
 */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * One CSV record, CRLF-terminated (RFC 4180).
 *
 * @example
 * ```ts
 * csvRow(['id', 'total']); // 'id,total\r\n'
 * ```
 */
export function csvRow(fields: readonly unknown[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}
