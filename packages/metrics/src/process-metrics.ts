import { getHeapStatistics } from 'node:v8';
import { collectDefaultMetrics, Gauge, type Registry } from 'prom-client';

// prom-client's gauges that end in `_total` (a counter's suffix): `promtool check metrics` refuses
// them. The same values are also published without the suffix (`nodejs_active_handles`, …).
const MISNAMED = [
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
  'nodejs_active_resources_total',
];

/**
 * Registers the process metrics on `registry`: CPU seconds (`process_cpu_seconds_total`), resident
 * memory and heap (`process_resident_memory_bytes`, `nodejs_heap_size_used_bytes`), event-loop lag
 * (`nodejs_eventloop_lag_seconds` and its percentiles), GC pauses, open file descriptors and active
 * handles — prom-client's default metrics without the gauges misnamed `*_total` — and
 * `nodejs_heap_size_limit_bytes` (V8's heap limit: the process crashes when the used heap reaches it).
 * Values are read at each scrape; nothing runs in between.
 *
 * @example
 * ```ts
 * const registry = new Registry();
 * registerProcessMetrics(registry);
 * ```
 */
export function registerProcessMetrics(registry: Registry): void {
  collectDefaultMetrics({ register: registry });
  for (const name of MISNAMED) registry.removeSingleMetric(name);
  new Gauge({
    name: 'nodejs_heap_size_limit_bytes',
    help: 'V8 heap size limit in bytes: the process runs out of memory when the used heap reaches it',
    registers: [registry],
    collect() {
      this.set(getHeapStatistics().heap_size_limit);
    },
  });
}
