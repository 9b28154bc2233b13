import { describe, expect, it } from 'vitest';
import { centsToMoney, fromDbMoney, moneyToCents, toDbMoney } from './money.js';

describe('money', () => {
  it('converts exactly, both ways', () => {
    expect(moneyToCents('0.1') + moneyToCents('0.2')).toBe(30n);
    expect(centsToMoney(moneyToCents('1.15') * 3n)).toBe('3.45');
    expect(centsToMoney(moneyToCents('9999999999.99'))).toBe('9999999999.99');
    expect(centsToMoney(-5n)).toBe('-0.05');
    expect(toDbMoney('sqlite', '4.35')).toBe(435);
    expect(toDbMoney('mysql', '4.3')).toBe('4.30');
    expect(fromDbMoney('sqlite', 435)).toBe('4.35');
    expect(fromDbMoney('postgres', '1200.00')).toBe('1200.00');
  });

  it('rejects what is not an amount', () => {
    for (const bad of ['', '1.234', '1e3', 'abc', '1,00', ' 1']) {
      expect(() => moneyToCents(bad)).toThrow(/Invalid amount/);
    }
    expect(() => fromDbMoney('sqlite', 1.5)).toThrow();
    expect(() => fromDbMoney('postgres', 19.99)).toThrow();
  });
});
