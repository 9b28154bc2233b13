import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, isTrussError, statusOf, TrussError } from './errors.js';

describe('TrussError', () => {
  it('carries code, status, message, details and headers, and keeps the cause for logs', () => {
    const cause = new Error('driver said no');
    const error = new TrussError('rate_limited', 'Slow down', {
      details: { limit: 10 },
      headers: { 'retry-after': '30' },
      cause,
    });
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({
      name: 'TrussError',
      code: 'rate_limited',
      status: 429,
      message: 'Slow down',
    });
    expect(error.details).toEqual({ limit: 10 });
    expect(error.headers).toEqual({ 'retry-after': '30' });
    expect(error.cause).toBe(cause);
  });

  it('maps the spec codes to the spec statuses', () => {
    expect(statusOf('invalid_credentials')).toBe(401);
    expect(statusOf('token_expired')).toBe(401);
    expect(statusOf('forbidden')).toBe(403);
    expect(statusOf('not_found')).toBe(404);
    expect(statusOf('validation_error')).toBe(422);
  });

  it('is recognised across package copies by shape, and other errors are not', () => {
    const foreign = Object.assign(new Error('x'), { name: 'TrussError', code: 'conflict' });
    expect(isTrussError(foreign)).toBe(true);
    expect(isTrussError(Object.assign(new Error('x'), { name: 'TrussError', code: 'made_up' }))).toBe(false);
    expect(isTrussError(new Error('x'))).toBe(false);
    expect(isTrussError({ code: 'conflict' })).toBe(false);
  });

  it('is documented, code by code with its status, in docs/errors.md', () => {
    const doc = readFileSync(new URL('../../../docs/errors.md', import.meta.url), 'utf8');
    for (const [code, { status }] of Object.entries(ERROR_CODES)) {
      expect(doc, `docs/errors.md lacks ${code}`).toMatch(
        new RegExp(`\\|\\s*\`${code}\`\\s*\\|\\s*${status}\\s*\\|`),
      );
    }
  });
});
