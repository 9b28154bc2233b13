import { describe, expect, it } from 'vitest';
import { fromDbDate, fromDbTimestamps } from './dialect.js';

describe('fromDbDate', () => {
  it('reads ISO UTC strings exactly as the Date parser does', () => {
    const samples = [
      '2026-01-31T12:00:00.000Z',
      '2024-02-29T23:59:59.999Z',
      '1000-01-01T00:00:00.000Z',
      '9999-12-31T23:59:59.999Z',
      '1970-01-01T00:00:00.000Z',
    ];
    for (const s of samples) expect(fromDbDate(s).getTime()).toBe(new Date(s).getTime());
    for (let i = 0; i < 1000; i++) {
      const s = new Date(Math.floor(Math.random() * 8e12) - 2e12).toISOString();
      expect(fromDbDate(s).toISOString()).toBe(s);
    }
  });

  it('leaves other forms to the Date parser and rejects what it cannot read', () => {
    expect(fromDbDate('2026-01-31 12:00:00').toISOString()).toBe('2026-01-31T12:00:00.000Z');
    expect(fromDbDate('2026-01-31T12:00:00+02:00').toISOString()).toBe('2026-01-31T10:00:00.000Z');
    expect(fromDbDate('0099-01-01T00:00:00.000Z').toISOString()).toBe('0099-01-01T00:00:00.000Z');
    // Out-of-range fields go to the Date parser, which decides (it rolls some over, rejects others).
    const odd = ['2026-13-01T00:00:00.000Z', '2025-02-29T00:00:00.000Z', '2026-01-32T00:00:00.000Z'];
    for (const s of [...odd, '2026-01-31T24:00:00.000Z', '2026-0a-31T12:00:00.000Z']) {
      const parsed = new Date(s).getTime();
      if (Number.isNaN(parsed)) expect(() => fromDbDate(s)).toThrow(/timestamp/);
      else expect(fromDbDate(s).getTime()).toBe(parsed);
    }
  });
});

describe('fromDbTimestamps', () => {
  it('reads both columns, once when they are equal, into two distinct Dates', () => {
    const same = fromDbTimestamps('2026-01-31T12:00:00.000Z', '2026-01-31T12:00:00.000Z');
    expect(same.createdAt.toISOString()).toBe('2026-01-31T12:00:00.000Z');
    expect(same.updatedAt).toEqual(same.createdAt);
    expect(same.updatedAt).not.toBe(same.createdAt);
    const at = new Date('2026-01-31T12:00:00.000Z');
    const dates = fromDbTimestamps(at, new Date('2026-02-01T00:00:00.000Z'));
    expect(dates.createdAt).toBe(at);
    expect(dates.updatedAt.toISOString()).toBe('2026-02-01T00:00:00.000Z');
  });
});
