import { TrussError } from '@truss/core';
import { describe, expect, it } from 'vitest';
import { classifyDatabaseError, toTrussError } from './errors.js';

describe('database errors', () => {
  it.each([
    [{ code: '23505' }, 'unique_violation'],
    [{ code: '23503' }, 'missing_reference'],
    [{ code: '40001' }, 'concurrent_update'],
    [{ code: 'ER_DUP_ENTRY', errno: 1062, sqlState: '23000' }, 'unique_violation'],
    [{ code: 'ER_NO_REFERENCED_ROW_2', errno: 1452, sqlState: '23000' }, 'missing_reference'],
    [{ code: 'ER_ROW_IS_REFERENCED_2', errno: 1451, sqlState: '23000' }, 'still_referenced'],
    [{ code: 'ER_LOCK_DEADLOCK', errno: 1213, sqlState: '40001' }, 'concurrent_update'],
    [{ code: 'SQLITE_CONSTRAINT_UNIQUE' }, 'unique_violation'],
    [{ code: 'SQLITE_CONSTRAINT_TRIGGER', message: 'FOREIGN KEY constraint failed' }, 'still_referenced'],
    [{ code: 'ECONNREFUSED' }, 'unavailable'],
    [new Error('Connection terminated unexpectedly'), 'unavailable'],
    [new Error('something else'), 'unknown'],
    ['a string', 'unknown'],
  ])('classifies %j as %s', (error, kind) => {
    expect(classifyDatabaseError(error)).toBe(kind);
  });

  it('maps to domain codes, keeping the cause and hiding driver text', () => {
    const driver = Object.assign(new Error('duplicate key value violates unique constraint "x"'), {
      code: '23505',
    });
    const mapped = toTrussError(driver, { conflict: 'Email taken' });
    expect(mapped).toMatchObject({ code: 'conflict', message: 'Email taken', cause: driver });
    expect(toTrussError(new Error('weird')).code).toBe('internal_error');
    const own = new TrussError('not_found', 'x');
    expect(toTrussError(own)).toBe(own);
  });
});
