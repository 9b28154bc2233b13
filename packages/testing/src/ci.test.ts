import { describe, expect, it } from 'vitest';
import { isCi } from './ci.js';

describe('isCi', () => {
  it('counts any non-empty CI value as CI, as CI providers set it', () => {
    for (const value of ['true', '1', 'yes', 'woodpecker', 'false'])
      expect(isCi({ CI: value }), value).toBe(true);
  });
  it('is off when CI is unset or empty', () => {
    expect(isCi({})).toBe(false);
    expect(isCi({ CI: '' })).toBe(false);
    expect(isCi({ CI: '  ' })).toBe(false);
  });
});
