import { randomUUID } from 'node:crypto';
import type { AuditEntry, NewAuditEntry } from '@truss/core';
import { describe, expect, it } from 'vitest';
import { type ConformanceContext, expectTrussError, sameSecond } from './shared.js';

/** OutboxRepository: append, pending oldest first, publish once, failures counted. */
export function outboxConformance(ctx: ConformanceContext): void {
  describe('outbox', () => {
    it('appends events and lists pending ones oldest first until published', async () => {
      const outbox = ctx.repos().outbox;
      // Older than anything else in the suite's database, so they head the pending list.
      const [t0, t1] = sameSecond('2001-01-01T00:00:00.000Z', 2) as [Date, Date];
      const payload = {
        orderId: randomUUID(),
        total: '0.30',
        lines: [1, 2],
        note: 'ünïcode ✓',
        nested: { ok: true },
      };
      const a = await outbox.append({ id: randomUUID(), topic: 'order.created', payload, createdAt: t1 });
      const b = await outbox.append({ id: randomUUID(), topic: 'order.paid', payload: null, createdAt: t0 });
      expect(a).toMatchObject({ publishedAt: null, attempts: 0, payload });
      const pending = await outbox.listPending(2);
      expect(pending.map((m) => m.id)).toEqual([b.id, a.id]);
      expect(pending[1]?.payload).toEqual(payload);
      expect(await outbox.markPublished([b.id, a.id], new Date())).toBe(2);
      expect(await outbox.markPublished([b.id], new Date())).toBe(0);
      expect((await outbox.listPending(1000)).map((m) => m.id)).not.toContain(a.id);
      await expectTrussError(outbox.append({ id: a.id, topic: 'x', payload: 1 }), 'conflict');
      await expectTrussError(
        outbox.append({ id: randomUUID(), topic: 'x', payload: 10n }),
        'validation_error',
      );
    });

    it('counts failed attempts', async () => {
      const outbox = ctx.repos().outbox;
      const m = await outbox.append({ id: randomUUID(), topic: 'user.registered', payload: {} });
      await outbox.recordFailure(m.id);
      await outbox.recordFailure(m.id);
      const pending = await outbox.listPending(1000);
      expect(pending.find((p) => p.id === m.id)?.attempts).toBe(2);
      await expectTrussError(outbox.recordFailure(randomUUID()), 'not_found');
    });

    it('claims pending events for a lease: concurrent claims are disjoint, an expired lease is claimed again', async () => {
      const outbox = ctx.repos().outbox;
      const appended = new Set<string>();
      for (let i = 0; i < 20; i++) {
        appended.add((await outbox.append({ id: randomUUID(), topic: 'claim.test', payload: { i } })).id);
      }
      const [first, second] = await Promise.all([outbox.claim(1000, 60_000), outbox.claim(1000, 60_000)]);
      const mine = (batch: { id: string }[]) => batch.map((m) => m.id).filter((id) => appended.has(id));
      const claimedIds = [...mine(first ?? []), ...mine(second ?? [])];
      expect(new Set(claimedIds).size).toBe(claimedIds.length);
      expect(new Set(claimedIds)).toEqual(appended);
      expect(mine(await outbox.claim(1000, 60_000))).toEqual([]);
      const short = await outbox.append({ id: randomUUID(), topic: 'claim.test', payload: null });
      expect((await outbox.claim(1000, 1)).map((m) => m.id)).toContain(short.id);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect((await outbox.claim(1000, 60_000)).map((m) => m.id)).toContain(short.id);
      expect(await outbox.markPublished([...appended, short.id], new Date())).toBe(21);
      await expectTrussError(outbox.claim(0, 1000), 'validation_error');
    });
  });
}

/** AuditLogRepository: append-only, newest first, filtered, paginated. */
export function auditLogConformance(ctx: ConformanceContext): void {
  describe('audit log', () => {
    const entry = (overrides: Partial<NewAuditEntry> = {}): NewAuditEntry => ({
      id: randomUUID(),
      actorId: null,
      action: 'auth.login',
      targetType: null,
      targetId: null,
      details: null,
      ip: '2001:db8::1',
      ...overrides,
    });

    it('records entries and lists them newest first by actor and by action', async () => {
      const actorId = randomUUID(); // no user row: the log outlives its actors
      const moments = sameSecond('2033-03-03T03:03:03.000Z', 2);
      const made: AuditEntry[] = [];
      for (let i = 0; i < 5; i++) {
        made.push(
          await ctx.repos().auditLog.record(
            entry({
              actorId,
              action: i === 4 ? 'user.role_changed' : 'auth.login',
              targetType: 'user',
              targetId: actorId,
              details: { i, to: 'manager' },
              createdAt: moments[i % 2] as Date,
            }),
          ),
        );
      }
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: AuditEntry[]; nextCursor: string | null } = await ctx
          .repos()
          .auditLog.list({ actorId, limit: 2, cursor });
        seen.push(...page.items.map((e) => e.id));
        cursor = page.nextCursor;
      } while (cursor);
      const expected = [...made].sort(
        (a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (b.id < a.id ? -1 : b.id > a.id ? 1 : 0),
      );
      expect(seen).toEqual(expected.map((e) => e.id));
      const roleChanges = await ctx.repos().auditLog.list({ actorId, action: 'user.role_changed' });
      expect(roleChanges.items).toEqual([made[4]]);
      expect(roleChanges.items[0]?.details).toEqual({ i: 4, to: 'manager' });
    });

    it('rejects invalid entries and duplicate ids', async () => {
      const e = await ctx.repos().auditLog.record(entry());
      await expectTrussError(ctx.repos().auditLog.record(entry({ id: e.id })), 'conflict');
      await expectTrussError(ctx.repos().auditLog.record(entry({ action: '' })), 'validation_error');
    });
  });
}
