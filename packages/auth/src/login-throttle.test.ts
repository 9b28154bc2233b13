import { createMemoryThrottleStore, type ThrottleStore } from '@truss/core';
import { describe, expect, it } from 'vitest';
import { createLoginThrottle } from './login-throttle.js';

/** A memory throttle store that records every key it is given. */
function recordingStore(): { store: ThrottleStore; keys: string[] } {
  const inner = createMemoryThrottleStore();
  const keys: string[] = [];
  return {
    keys,
    store: {
      attempt(rules) {
        keys.push(...rules.map((rule) => rule.key));
        return inner.attempt(rules);
      },
      forgive(key) {
        keys.push(key);
        return inner.forgive(key);
      },
      reset(key) {
        keys.push(key);
        return inner.reset(key);
      },
    },
  };
}

describe('createLoginThrottle', () => {
  it('gives the store a digest of the account, never the email, and still tells accounts apart', async () => {
    const { store, keys } = recordingStore();
    const throttle = createLoginThrottle({ store, freeAttempts: 1 });
    await throttle.attempt('ada@example.com', '203.0.113.7');
    await throttle.attempt('ada@example.com', '203.0.113.7');
    await expect(throttle.attempt('ada@example.com', '203.0.113.7')).rejects.toMatchObject({
      code: 'rate_limited',
    });
    // Another account from the same address is not blocked by Ada's failures.
    await expect(throttle.attempt('grace@example.com', '203.0.113.7')).resolves.toBeUndefined();
    await throttle.recordSuccess('grace@example.com', '203.0.113.7');
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) expect(key).not.toMatch(/ada|grace|example\.com/);
  });
});
