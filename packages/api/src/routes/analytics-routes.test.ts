import { describe, expect, it } from 'vitest';
import { daysBetween, MAX_SALES_RANGE_DAYS, salesQuery } from '../contract/analytics.js';
import { salesReport } from './analytics-routes.js';

describe('salesQuery', () => {
  it('takes two calendar days, from not after to, at most 366 days', () => {
    expect(salesQuery.parse({ from: '2030-01-01', to: '2030-01-01' })).toEqual({
      from: '2030-01-01',
      to: '2030-01-01',
    });
    expect(salesQuery.safeParse({ from: '2032-01-01', to: '2032-12-31' }).success).toBe(true); // 366, leap
    expect(salesQuery.safeParse({ from: '2031-01-01', to: '2032-01-01' }).success).toBe(true); // 366
    expect(salesQuery.safeParse({ from: '2031-01-01', to: '2032-01-02' }).success).toBe(false); // 367
    expect(salesQuery.safeParse({ from: '2030-01-02', to: '2030-01-01' }).success).toBe(false);
    expect(salesQuery.safeParse({ from: '2030-02-29', to: '2030-03-01' }).success).toBe(false);
    expect(salesQuery.safeParse({ from: '2030-1-1', to: '2030-01-02' }).success).toBe(false);
    expect(salesQuery.safeParse({ from: '2030-01-01' }).success).toBe(false);
  });

  it('names the field at fault', () => {
    const reversed = salesQuery.safeParse({ from: '2030-01-02', to: '2030-01-01' });
    expect(reversed.error?.issues[0]?.path).toEqual(['from']);
    const long = salesQuery.safeParse({ from: '2030-01-01', to: '2031-06-01' });
    expect(long.error?.issues[0]?.path).toEqual(['to']);
  });

  it('counts days in UTC, both ends included', () => {
    expect(daysBetween('2030-03-30', '2030-03-31')).toBe(2); // across a DST change in Europe
    expect(daysBetween('2032-02-28', '2032-03-01')).toBe(3);
    expect(MAX_SALES_RANGE_DAYS).toBe(366);
  });
});

describe('salesReport', () => {
  it('fills the days without sales with zeros and sums the totals in cents', () => {
    const report = salesReport('2030-12-31', '2031-01-02', [
      { day: '2030-12-31', orders: 2, revenue: '0.10' },
      { day: '2031-01-02', orders: 1, revenue: '0.20' },
    ]);
    expect(report).toEqual({
      from: '2030-12-31',
      to: '2031-01-02',
      days: [
        { day: '2030-12-31', orders: 2, revenue: '0.10' },
        { day: '2031-01-01', orders: 0, revenue: '0.00' },
        { day: '2031-01-02', orders: 1, revenue: '0.20' },
      ],
      total: { orders: 3, revenue: '0.30' },
    });
  });

  it('keeps large sums exact', () => {
    const days = Array.from({ length: 366 }, (_, i) => ({
      day: new Date(Date.UTC(2032, 0, 1 + i)).toISOString().slice(0, 10),
      orders: 1000,
      revenue: '99999999999999.99',
    }));
    const report = salesReport('2032-01-01', '2032-12-31', days);
    expect(report.days).toHaveLength(366);
    expect(report.total).toEqual({ orders: 366_000, revenue: '36599999999999996.34' });
  });
});
