import type {
  CounterMetric,
  GaugeMetric,
  HistogramMetric,
  MetricLabels,
  MetricOptions,
  MetricsRegistry,
} from '@truss/core';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

type Kind = 'counter' | 'gauge' | 'histogram';
type Labels = MetricLabels<string>;

/**
 * The {@link MetricsRegistry} of `@truss/core` on a prom-client `Registry`. Declaring a metric that
 * exists already answers it when the kind and label names match, and throws otherwise (two
 * packages disagreeing about one name is a bug to see at start, not a scrape that fails later).
 *
 * @example
 * ```ts
 * const prometheus = new Registry();
 * const metrics = createPrometheusRegistry(prometheus);
 * metrics.counter({ name: 'cache_hits_total', help: 'Cache hits', labelNames: ['cache'] }).inc({ cache: 'product' });
 * ```
 */
export function createPrometheusRegistry(registry: Registry): MetricsRegistry {
  const declared = new Map<string, { kind: Kind; labels: string; metric: unknown }>();

  function declare<M>(kind: Kind, options: MetricOptions<string>, make: () => M): M {
    const labels = [...(options.labelNames ?? [])].sort().join(',');
    const existing = declared.get(options.name);
    if (existing) {
      if (existing.kind !== kind || existing.labels !== labels) {
        throw new TypeError(
          `Metric ${options.name} is already declared as a ${existing.kind} with labels [${existing.labels}]`,
        );
      }
      return existing.metric as M;
    }
    const metric = make();
    declared.set(options.name, { kind, labels, metric });
    return metric;
  }

  const base = (options: MetricOptions<string>) => ({
    name: options.name,
    help: options.help,
    labelNames: [...(options.labelNames ?? [])],
    registers: [registry],
  });

  return {
    counter<L extends string = never>(options: MetricOptions<L>): CounterMetric<L> {
      return declare('counter', options, () => {
        const counter = new Counter(base(options));
        return { inc: (labels?: Labels, value = 1) => counter.inc(labels ?? {}, value) };
      });
    },
    gauge<L extends string = never>(
      options: MetricOptions<L> & { collect?: (gauge: GaugeMetric<L>) => void | Promise<void> },
    ): GaugeMetric<L> {
      return declare('gauge', options, () => {
        let wrapped: GaugeMetric<L>;
        const { collect } = options;
        const gauge = new Gauge({
          ...base(options),
          ...(collect ? { collect: () => collect(wrapped) } : {}),
        });
        wrapped = {
          set: (labels: Labels, value: number) => gauge.set(labels, value),
          inc: (labels?: Labels, value = 1) => gauge.inc(labels ?? {}, value),
          dec: (labels?: Labels, value = 1) => gauge.dec(labels ?? {}, value),
        };
        return wrapped;
      });
    },
    histogram<L extends string = never>(
      options: MetricOptions<L> & { buckets?: readonly number[] },
    ): HistogramMetric<L> {
      return declare('histogram', options, () => {
        const histogram = new Histogram({
          ...base(options),
          ...(options.buckets ? { buckets: [...options.buckets] } : {}),
        });
        return { observe: (labels: Labels, value: number) => histogram.observe(labels, value) };
      });
    },
  };
}
