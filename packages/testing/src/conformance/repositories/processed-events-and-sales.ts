import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type ConformanceContext, expectTrussError, raceIt } from './shared.js';

/** ProcessedEventRepository: (consumer, event id) recorded once, in the consumer's transaction. */
export function processedEventConformance(ctx: ConformanceContext): void {
  describe('processed events', () => {
    it('records a (consumer, event) pair once, per consumer', async () => {
      const { processedEvents } = ctx.repos();
      const id = randomUUID();
      expect(await processedEvents.isProcessed('email', id)).toBe(false);
      expect(await processedEvents.markProcessed('email', id)).toBe(true);
      expect(await processedEvents.markProcessed('email', id)).toBe(false);
      expect(await processedEvents.isProcessed('email', id)).toBe(true);
      // Another consumer of the same event applies its own effect.
      expect(await processedEvents.markProcessed('analytics', id)).toBe(true);
      expect(await processedEvents.isProcessed('inventory', id)).toBe(false);
    });

    it('refuses empty or too long names with validation_error', async () => {
      const { processedEvents } = ctx.repos();
      await expectTrussError(processedEvents.markProcessed('', randomUUID()), 'validation_error');
      await expectTrussError(processedEvents.markProcessed('email', ''), 'validation_error');
      await expectTrussError(processedEvents.markProcessed('x'.repeat(101), 'e'), 'validation_error');
      await expectTrussError(processedEvents.isProcessed('email', 'e'.repeat(101)), 'validation_error');
    });

    it('keeps a duplicate inside a unit of work from failing the transaction', async () => {
      const id = randomUUID();
      const day = '2041-01-01';
      const answers = await ctx.repos().unitOfWork.run(async (repos) => {
        const first = await repos.processedEvents.markProcessed('analytics', id);
        const second = await repos.processedEvents.markProcessed('analytics', id);
        await repos.salesAnalytics.recordSale(day, '1.00'); // the transaction is still usable
        return [first, second];
      });
      expect(answers).toEqual([true, false]);
      expect(await ctx.repos().salesAnalytics.dailySales(day, day)).toEqual([
        { day, orders: 1, revenue: '1.00' },
      ]);
    });

    it('rolls the record back with the effect when the work throws', async () => {
      const id = randomUUID();
      const day = '2041-01-02';
      await expect(
        ctx.repos().unitOfWork.run(async (repos) => {
          expect(await repos.processedEvents.markProcessed('analytics', id)).toBe(true);
          await repos.salesAnalytics.recordSale(day, '5.00');
          throw new Error('crash before commit');
        }),
      ).rejects.toThrow('crash before commit');
      expect(await ctx.repos().processedEvents.isProcessed('analytics', id)).toBe(false);
      expect(await ctx.repos().salesAnalytics.dailySales(day, day)).toEqual([]);
      // The redelivery applies it, once.
      expect(await ctx.repos().processedEvents.markProcessed('analytics', id)).toBe(true);
    });

    raceIt(ctx, 'of 10 concurrent deliveries of one event, exactly one applies its effect', async () => {
      const id = randomUUID();
      const day = '2041-01-03';
      const applied = await Promise.all(
        Array.from({ length: 10 }, () =>
          ctx.repos().unitOfWork.run(async (repos) => {
            if (!(await repos.processedEvents.markProcessed('analytics', id))) return false;
            await repos.salesAnalytics.recordSale(day, '12.34');
            return true;
          }),
        ),
      );
      expect(applied.filter(Boolean)).toHaveLength(1);
      expect(await ctx.repos().salesAnalytics.dailySales(day, day)).toEqual([
        { day, orders: 1, revenue: '12.34' },
      ]);
    });
  });
}

/** SalesAnalyticsRepository: exact sums per day, ranges, validation, no lost update. */
export function salesAnalyticsConformance(ctx: ConformanceContext): void {
  describe('sales analytics', () => {
    it('adds orders and revenue per day exactly, never through a float', async () => {
      const { salesAnalytics } = ctx.repos();
      // 0.1 + 0.2 is 0.30000000000000004 in floating point.
      for (const amount of ['0.10', '0.20', '0.01']) await salesAnalytics.recordSale('2042-03-01', amount);
      await salesAnalytics.recordSale('2042-03-03', '9999999999.99');
      await salesAnalytics.recordSale('2042-03-03', '0.01');
      await salesAnalytics.recordSale('2042-03-03', '19.9');
      expect(await salesAnalytics.dailySales('2042-03-01', '2042-03-03')).toEqual([
        { day: '2042-03-01', orders: 3, revenue: '0.31' },
        { day: '2042-03-03', orders: 3, revenue: '10000000019.90' },
      ]);
    });

    it('answers only the stored days of the range, oldest first', async () => {
      const { salesAnalytics } = ctx.repos();
      for (const day of ['2043-05-31', '2043-05-01', '2043-04-30', '2043-06-01']) {
        await salesAnalytics.recordSale(day, '2.50');
      }
      const days = await salesAnalytics.dailySales('2043-05-01', '2043-05-31');
      expect(days.map((d) => d.day)).toEqual(['2043-05-01', '2043-05-31']);
      expect(await salesAnalytics.dailySales('2043-05-02', '2043-05-30')).toEqual([]);
      expect(await salesAnalytics.dailySales('2043-04-30', '2043-04-30')).toEqual([
        { day: '2043-04-30', orders: 1, revenue: '2.50' },
      ]);
    });

    it('refuses bad days, bad amounts and reversed ranges with validation_error', async () => {
      const { salesAnalytics } = ctx.repos();
      await expectTrussError(salesAnalytics.recordSale('2042-02-30', '1.00'), 'validation_error');
      await expectTrussError(salesAnalytics.recordSale('20420101', '1.00'), 'validation_error');
      await expectTrussError(salesAnalytics.recordSale('2042-01-01', '1.005'), 'validation_error');
      await expectTrussError(salesAnalytics.recordSale('2042-01-01', '-1.00'), 'validation_error');
      await expectTrussError(salesAnalytics.dailySales('2042-01-02', '2042-01-01'), 'validation_error');
      await expectTrussError(salesAnalytics.dailySales('yesterday', '2042-01-01'), 'validation_error');
    });

    raceIt(ctx, '40 concurrent sales of one day are all counted', async () => {
      const day = '2044-07-04';
      await Promise.all(
        Array.from({ length: 40 }, () =>
          ctx.repos().unitOfWork.run((r) => r.salesAnalytics.recordSale(day, '0.35')),
        ),
      );
      expect(await ctx.repos().salesAnalytics.dailySales(day, day)).toEqual([
        { day, orders: 40, revenue: '14.00' },
      ]);
    });
  });
}
