import { describe, expect, it } from 'vitest';
import { importDriver } from './optional-driver.js';

describe('importDriver', () => {
  it('loads a driver that is installed', async () => {
    const { default: pg } = await importDriver('pg', () => import('pg'), 'a test');
    expect(typeof pg.Client).toBe('function');
  });

  it('names a driver that is not installed, and how to install it', async () => {
    const name = 'truss-driver-that-does-not-exist';
    await expect(importDriver(name, () => import(name), "createTestDatabase('postgres')")).rejects.toThrow(
      `createTestDatabase('postgres') needs the "${name}" package, which is not installed: npm install --save-dev ${name}`,
    );
  });

  it('lets any other failure through as it is', async () => {
    const failure = new Error('the driver crashed while loading');
    await expect(importDriver('pg', () => Promise.reject(failure), 'a test')).rejects.toBe(failure);
  });
});
