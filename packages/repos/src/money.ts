import { TrussError } from '@truss/core';
import type { DialectName } from './dialect.js';

const DECIMAL = /^(-?)(\d+)(?:\.(\d{1,2}))?$/;

/**
 * An exact decimal amount (`"19.99"`, `"1200"`) as a whole number of cents. Throws a
 * `validation_error` `TrussError` for anything else. No float is ever involved.
 *
 * @example
 * ```ts
 * moneyToCents('19.9'); // 1990n
 * ```
 */
export function moneyToCents(amount: string): bigint {
  const match = DECIMAL.exec(amount);
  if (!match) throw new TrussError('validation_error', `Invalid amount "${amount}"`);
  const [, sign, units = '0', fraction = ''] = match;
  const cents = BigInt(units) * 100n + BigInt(fraction.padEnd(2, '0'));
  return sign === '-' ? -cents : cents;
}

/**
 * Cents as a decimal string with exactly two decimals.
 *
 * @example
 * ```ts
 * centsToMoney(345n); // '3.45'
 * ```
 */
export function centsToMoney(cents: bigint): string {
  const sign = cents < 0n ? '-' : '';
  const abs = cents < 0n ? -cents : cents;
  return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

/**
 * An amount as the money column stores it: a decimal string, or integer cents on SQLite.
 *
 * @example
 * ```ts
 * toDbMoney('sqlite', '1.15'); // 115
 * toDbMoney('postgres', '1.15'); // '1.15'
 * ```
 */
export function toDbMoney(dialect: DialectName, amount: string): string | number {
  return centsToDbMoney(dialect, moneyToCents(amount));
}

/**
 * Cents as the money column stores them: a decimal string, or integer cents on SQLite.
 *
 * @example
 * ```ts
 * centsToDbMoney('sqlite', 115n); // 115
 * centsToDbMoney('mysql', 115n); // '1.15'
 * ```
 */
export function centsToDbMoney(dialect: DialectName, cents: bigint): string | number {
  return dialect === 'sqlite' ? Number(cents) : centsToMoney(cents);
}

/**
 * A money column's value as a canonical decimal string.
 *
 * @example
 * ```ts
 * fromDbMoney('sqlite', 1990); // '19.90'
 * ```
 */
export function fromDbMoney(dialect: DialectName, value: unknown): string {
  if (dialect === 'sqlite' && (typeof value === 'number' || typeof value === 'bigint')) {
    if (typeof value === 'number' && !Number.isSafeInteger(value)) {
      throw new TrussError(
        'internal_error',
        'The database returned an amount that is not a whole number of cents',
      );
    }
    return centsToMoney(BigInt(value));
  }
  if (typeof value === 'string') return centsToMoney(moneyToCents(value));
  throw new TrussError('internal_error', 'The database returned an amount that cannot be read exactly');
}
