import { randomUUID } from 'node:crypto';
import type { NewProduct, NewUser, TransactionRepositories, UnitOfWork, User } from '@truss/core';
import { expect, it } from 'vitest';

/** What each section of the repository suite gets. */
export interface ConformanceContext {
  repos(): TransactionRepositories & { unitOfWork: UnitOfWork };
  /** Whether the race tests run. */
  concurrency: boolean;
}

/** `it` for a race test: skipped, with the reason in its name, without the capability. */
export function raceIt(ctx: ConformanceContext, name: string, fn: () => Promise<void>): void {
  if (ctx.concurrency) it(name, fn);
  else it.skip(`${name} [skipped: the target declares capabilities.concurrency = false]`, fn);
}

/** A valid new user with a unique email. */
export function aUser(overrides: Partial<NewUser> = {}): NewUser {
  return {
    id: randomUUID(),
    email: `user-${randomUUID()}@example.com`,
    passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA',
    firstName: null,
    lastName: null,
    role: 'user',
    ...overrides,
  };
}

/** A valid new product. */
export function aProduct(overrides: Partial<NewProduct> = {}): NewProduct {
  return { id: randomUUID(), name: 'Widget', description: null, price: '9.99', stock: 10, ...overrides };
}

/** Creates a user through the repository. */
export function createUser(ctx: ConformanceContext, overrides: Partial<NewUser> = {}): Promise<User> {
  return ctx.repos().users.create(aUser(overrides));
}

/** The error a promise rejects with (fails the test when it resolves). */
export async function rejection(
  promise: Promise<unknown>,
): Promise<{ name?: string; code?: string; message?: string }> {
  const outcome = await promise.then(
    () => ({ resolved: true as const }),
    (error: unknown) => ({ resolved: false as const, error }),
  );
  expect(outcome.resolved, 'expected the call to throw').toBe(false);
  return (outcome as { error: { name?: string; code?: string; message?: string } }).error;
}

/** Asserts a rejection with a `TrussError` of `code` (not a raw driver error). */
export async function expectTrussError(promise: Promise<unknown>, code: string): Promise<void> {
  const error = await rejection(promise);
  expect(error).toMatchObject({ name: 'TrussError', code });
}

/** `n` dates one millisecond apart from `start`, all in the same second. */
export function sameSecond(start: string, n: number): Date[] {
  return Array.from({ length: n }, (_, i) => new Date(new Date(start).getTime() + i));
}
