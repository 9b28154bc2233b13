/**
 * Label values of one sample, by label name. Keep values from a small fixed set (a route template,
 * a status, an error code, a cache name): never a raw path, an id or an email.
 */
export type MetricLabels<L extends string> = Partial<Record<L, string | number>>;

/** What every metric is declared with. */
export interface MetricOptions<L extends string> {
  /** Prometheus name: `[a-zA-Z_:][a-zA-Z0-9_:]*`; counters end in `_total`, units in the name (`_seconds`). */
  name: string;
  /** One line saying what it counts. */
  help: string;
  /** The label names its samples carry. Default none. */
  labelNames?: readonly L[];
}

/** A value that only goes up (requests served, cache hits). */
export interface CounterMetric<L extends string = string> {
  /** Adds `value` (default 1) to the sample of `labels`. */
  inc(labels?: MetricLabels<L>, value?: number): void;
}

/** A value that goes up and down (queue depth, outbox lag). */
export interface GaugeMetric<L extends string = string> {
  set(labels: MetricLabels<L>, value: number): void;
  inc(labels?: MetricLabels<L>, value?: number): void;
  dec(labels?: MetricLabels<L>, value?: number): void;
}

/** A distribution of observations in buckets (latencies, sizes). */
export interface HistogramMetric<L extends string = string> {
  observe(labels: MetricLabels<L>, value: number): void;
}

/**
 * Where a package records its metrics, without depending on a metrics library: `@truss/metrics`
 * implements it on prom-client and serves it at `GET /metrics`; {@link noopMetrics} drops everything.
 * Declaring a metric twice with the same name and kind answers the same metric, so a factory may be
 * called once per instance.
 *
 * @example
 * ```ts
 * function createProductCache(deps: { metrics?: MetricsRegistry }) {
 *   const metrics = deps.metrics ?? noopMetrics;
 *   const hits = metrics.counter({ name: 'cache_hits_total', help: 'Cache hits', labelNames: ['cache'] });
 *   // … on a hit:
 *   hits.inc({ cache: 'product' });
 * }
 * ```
 */
export interface MetricsRegistry {
  counter<L extends string = never>(options: MetricOptions<L>): CounterMetric<L>;
  /**
   * A gauge. `collect`, when given, runs at each scrape to set the current values (a lag read from
   * the database, say); it may be async.
   */
  gauge<L extends string = never>(
    options: MetricOptions<L> & { collect?: (gauge: GaugeMetric<L>) => void | Promise<void> },
  ): GaugeMetric<L>;
  /** A histogram; `buckets` are upper bounds in the metric's unit. */
  histogram<L extends string = never>(
    options: MetricOptions<L> & { buckets?: readonly number[] },
  ): HistogramMetric<L>;
}

const noop = { inc() {}, dec() {}, set() {}, observe() {} };

/**
 * A registry that records nothing: the default of every factory that takes `metrics`.
 *
 * @example
 * ```ts
 * const metrics = options.metrics ?? noopMetrics;
 * ```
 */
export const noopMetrics: MetricsRegistry = {
  counter: () => noop,
  gauge: () => noop,
  histogram: () => noop,
};
