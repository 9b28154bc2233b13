/**
 * Which events each consumer has already applied: the record that makes an at-least-once delivery
 * take effect once. A consumer records `(consumer, eventId)` through a unit of work, in the same
 * transaction as its database effect; a redelivered event finds the record and is skipped.
 *
 * @example
 * ```ts
 * await unitOfWork.run(async ({ processedEvents, salesAnalytics }) => {
 *   if (!(await processedEvents.markProcessed('analytics', event.id))) return; // a redelivery
 *   await salesAnalytics.recordSale('2030-01-31', '19.99');
 * });
 * ```
 */
export interface ProcessedEventRepository {
  /**
   * Records that `consumer` (1–100 characters) has applied the event `eventId` (1–100 characters).
   * Answers `true` when newly recorded, `false` when it already was. Inside a transaction, a
   * concurrent call for the same pair waits for the first to commit (then answers `false`) or to
   * roll back (then records it and answers `true`). `validation_error` for bad names.
   */
  markProcessed(consumer: string, eventId: string): Promise<boolean>;
  /** Whether `consumer` has recorded `eventId`. */
  isProcessed(consumer: string, eventId: string): Promise<boolean>;
}
