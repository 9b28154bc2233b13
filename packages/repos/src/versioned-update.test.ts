import { describe, expect, it } from 'vitest';
import { versionMiss } from './versioned-update.js';

describe('versionMiss', () => {
  it('is not_found without a record, else a conflict naming the stored version (wire name)', () => {
    expect(versionMiss('Product', 2, null)).toMatchObject({
      code: 'not_found',
      message: 'Product not found',
    });
    expect(versionMiss('Order', 2, { version: 5 })).toMatchObject({
      code: 'conflict',
      message: 'Order was changed by someone else: version 2 is stale (now 5)',
      details: { current_version: 5 },
    });
  });
});
