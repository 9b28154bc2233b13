import { randomUUID } from 'node:crypto';
import type { NewUser } from '@truss/core';
import { expect, it } from 'vitest';
import { describeOnEachDatabase } from '../../test/databases.js';
import { createUserRepository } from './user-repository.js';

function newUser(overrides: Partial<NewUser> = {}): NewUser {
  return {
    id: randomUUID(),
    email: `${randomUUID()}@example.com`,
    passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA',
    firstName: 'Ada',
    lastName: null,
    role: 'user',
    ...overrides,
  };
}

describeOnEachDatabase('user repository', (database) => {
  const users = () => createUserRepository(database().executor);

  it('creates a user and finds it by id and by email, timestamps intact to the millisecond', async () => {
    const createdAt = new Date('2026-03-29T01:30:15.123Z'); // a DST night in Europe: UTC must not move
    const input = newUser({ createdAt, updatedAt: new Date('2026-03-29T02:30:15.999Z'), role: 'manager' });
    const created = await users().create(input);
    expect(created).toMatchObject({ id: input.id, email: input.email, role: 'manager', createdAt });
    const byId = await users().findById(input.id);
    expect(byId).toEqual(created);
    expect(byId?.createdAt).toBeInstanceOf(Date);
    expect(byId?.createdAt.toISOString()).toBe('2026-03-29T01:30:15.123Z');
    expect(byId?.updatedAt.toISOString()).toBe('2026-03-29T02:30:15.999Z');
    expect(await users().findByEmail(input.email)).toEqual(created);
  });

  it('normalizes the email and the id', async () => {
    const id = randomUUID();
    const created = await users().create(newUser({ id: id.toUpperCase(), email: '  Grace@Example.COM ' }));
    expect(created.id).toBe(id);
    expect(created.email).toBe('grace@example.com');
    expect((await users().findByEmail('GRACE@example.com'))?.id).toBe(id);
    expect((await users().findById(id.toUpperCase()))?.id).toBe(id);
  });

  it('fills in the timestamps from the clock when none are given', async () => {
    const now = new Date('2030-01-02T03:04:05.678Z');
    const repo = createUserRepository(database().executor, { clock: { now: () => now } });
    const created = await repo.create(newUser());
    expect(created.createdAt).toEqual(now);
    expect((await repo.findById(created.id))?.updatedAt).toEqual(now);
  });

  it('throws conflict for a taken email, never a driver error', async () => {
    const first = await users().create(newUser());
    const error = await users()
      .create(newUser({ email: first.email }))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      name: 'TrussError',
      code: 'conflict',
      message: 'An account with this email already exists',
    });
  });

  it('throws conflict for a taken id', async () => {
    const first = await users().create(newUser());
    await expect(users().create(newUser({ id: first.id }))).rejects.toMatchObject({ code: 'conflict' });
  });

  it('answers null for unknown or malformed ids and emails', async () => {
    expect(await users().findById(randomUUID())).toBeNull();
    expect(await users().findById('not-a-uuid')).toBeNull();
    expect(await users().findById("1' or '1'='1")).toBeNull();
    expect(await users().findByEmail('nobody@example.com')).toBeNull();
    expect(await users().findByEmail('not an email')).toBeNull();
  });

  it('rejects an invalid user with validation_error', async () => {
    await expect(users().create(newUser({ email: 'nope' }))).rejects.toMatchObject({
      code: 'validation_error',
    });
    await expect(users().create(newUser({ role: 'root' as never }))).rejects.toMatchObject({
      code: 'validation_error',
    });
    await expect(users().create(newUser({ id: 'x' }))).rejects.toMatchObject({ code: 'validation_error' });
  });

  it('updates the password hash and updatedAt; an unknown user is not_found', async () => {
    const later = new Date('2031-05-06T07:08:09.010Z');
    const repo = createUserRepository(database().executor, { clock: { now: () => later } });
    const created = await repo.create(newUser({ createdAt: new Date('2030-01-01T00:00:00.000Z') }));
    await repo.updatePasswordHash(created.id, '$argon2id$new');
    const found = await repo.findById(created.id);
    expect(found?.passwordHash).toBe('$argon2id$new');
    expect(found?.updatedAt).toEqual(later);
    expect(found?.createdAt).toEqual(new Date('2030-01-01T00:00:00.000Z'));
    await expect(repo.updatePasswordHash(randomUUID(), 'x')).rejects.toMatchObject({ code: 'not_found' });
    await expect(repo.updatePasswordHash('bad', 'x')).rejects.toMatchObject({ code: 'not_found' });
    await expect(repo.updatePasswordHash(created.id, '')).rejects.toMatchObject({ code: 'validation_error' });
  });
});
