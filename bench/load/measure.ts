// One load run with autocannon and what it measured: throughput, latency percentiles computed from
// every response (autocannon's own summary has no p95), errors, timeouts, non-2xx answers, and the
// kernel's listen-queue overflows during the run (TcpExt ListenOverflows/ListenDrops of
// /proc/net/netstat: connections the kernel dropped because the server's accept queue was full).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

/** One request of a run; a list of them is cycled through by every connection. */
export interface BenchRequest {
  method?: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface RunOptions {
  url: string;
  connections: number;
  seconds: number;
  requests: BenchRequest[];
  /** Per-request timeout, seconds. Default 10 (autocannon's). */
  timeout?: number;
  /**
   * Requests per second over all connections (open-loop: users with think time). Default none:
   * every connection sends its next request as soon as the last is answered (closed-loop).
   */
  rate?: number;
  /** Called with each response's latency (ms) and the time since the start (ms). */
  onResponse?: (latencyMs: number, atMs: number) => void;
}

export interface RunResult {
  requests: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** Requests that failed (connection errors and timeouts: `timeouts` is a part of it). */
  errors: number;
  timeouts: number;
  non2xx: number;
  listenOverflows: number;
  /** Deepest accept queue seen (connections the kernel completed that the server had not accepted). */
  acceptQueueMax: number;
  /** Connections whose first answer came more than 1 s after the start. */
  lateConnections: number;
  /** Answers by HTTP status, e.g. `{ 200: 41000, 503: 12 }`. */
  statuses: Record<string, number>;
}

/** Percentile `p` (0–100) of sorted values. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] as number;
}

function listenCounters(): { overflows: number; drops: number } {
  try {
    const lines = readFileSync('/proc/net/netstat', 'utf8').split('\n');
    const header = lines.find((l) => l.startsWith('TcpExt:'))?.split(/\s+/) ?? [];
    const values = lines.filter((l) => l.startsWith('TcpExt:'))[1]?.split(/\s+/) ?? [];
    const get = (name: string) => Number(values[header.indexOf(name)] ?? 0);
    return { overflows: get('ListenOverflows'), drops: get('ListenDrops') };
  } catch {
    return { overflows: 0, drops: 0 };
  }
}

/** The listen socket's accept queue on `port` now (`ss`'s Recv-Q), or 0 when `ss` is missing. */
function acceptQueue(port: string): number {
  try {
    const line = execFileSync('ss', ['-ltnH', `sport = :${port}`], { encoding: 'utf8' }).trim();
    return Number(line.split(/\s+/)[1] ?? 0);
  } catch {
    return 0;
  }
}

export function run(options: RunOptions): Promise<RunResult> {
  if (!/^http:\/\/(127\.0\.0\.1|localhost|\[::1\])[:/]/.test(options.url)) {
    throw new Error(`Load only targets loopback addresses, not ${options.url}`);
  }
  const before = listenCounters();
  let latencies = new Float64Array(1 << 16);
  let count = 0;
  const started = performance.now();
  const port = new URL(options.url).port;
  let acceptQueueMax = 0;
  const sampler = setInterval(() => {
    acceptQueueMax = Math.max(acceptQueueMax, acceptQueue(port));
  }, 500);
  const firstAnswer = new Map<unknown, number>();
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        connections: options.connections,
        duration: options.seconds,
        timeout: options.timeout ?? 10,
        ...(options.rate ? { overallRate: options.rate } : {}),
        requests: options.requests.map((r) => ({
          method: r.method ?? 'GET',
          path: r.path,
          headers: { ...(r.body ? { 'content-type': 'application/json' } : {}), ...r.headers },
          ...(r.body ? { body: r.body } : {}),
        })),
      },
      (error, result) => {
        clearInterval(sampler);
        if (error) return reject(error);
        const after = listenCounters();
        const sorted = latencies.subarray(0, count).sort();
        resolve({
          requests: result.requests.total,
          rps: result.requests.total / options.seconds,
          p50: percentile(sorted, 50),
          p95: percentile(sorted, 95),
          p99: percentile(sorted, 99),
          max: sorted.length ? (sorted[sorted.length - 1] as number) : Number.NaN,
          errors: result.errors,
          timeouts: result.timeouts,
          non2xx: result.non2xx,
          listenOverflows: after.overflows - before.overflows + (after.drops - before.drops),
          acceptQueueMax,
          lateConnections: [...firstAnswer.values()].filter((at) => at > 1000).length,
          statuses: Object.fromEntries(
            Object.entries(
              (result as { statusCodeStats?: Record<string, { count: number }> }).statusCodeStats ?? {},
            ).map(([status, stat]) => [status, stat.count]),
          ),
        });
      },
    );
    instance.on('response', (client: unknown, _status: number, _bytes: number, responseTime: number) => {
      if (!firstAnswer.has(client)) firstAnswer.set(client, performance.now() - started);
      if (count === latencies.length) {
        const bigger = new Float64Array(latencies.length * 2);
        bigger.set(latencies);
        latencies = bigger;
      }
      latencies[count++] = responseTime;
      options.onResponse?.(responseTime, performance.now() - started);
    });
  });
}

/**
 * {@link run} at `options.rate` requests a second, spread over the second: autocannon paces each
 * connection by the second, so connections started together all send at the start of each second;
 * here `groups` sets of connections start `1000 / groups` ms apart, each at its share of the rate,
 * and their results are merged.
 */
export async function runSpread(options: RunOptions & { rate: number }, groups = 20): Promise<RunResult> {
  const latencies: number[] = [];
  const parts = await Promise.all(
    Array.from({ length: groups }, async (_, i) => {
      await new Promise((resolve) => setTimeout(resolve, (i * 1000) / groups));
      return run({
        ...options,
        connections: Math.round(options.connections / groups),
        rate: options.rate / groups,
        onResponse: (latency, at) => {
          latencies.push(latency);
          options.onResponse?.(latency, at);
        },
      });
    }),
  );
  const sorted = Float64Array.from(latencies).sort();
  const sum = (key: keyof RunResult) => parts.reduce((total, part) => total + (part[key] as number), 0);
  return {
    requests: sum('requests'),
    rps: sum('rps'),
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.length ? (sorted[sorted.length - 1] as number) : Number.NaN,
    errors: sum('errors'),
    timeouts: sum('timeouts'),
    non2xx: sum('non2xx'),
    listenOverflows: Math.max(...parts.map((p) => p.listenOverflows)),
    acceptQueueMax: Math.max(...parts.map((p) => p.acceptQueueMax)),
    lateConnections: sum('lateConnections'),
    statuses: parts.reduce<Record<string, number>>((all, part) => {
      for (const [status, count] of Object.entries(part.statuses)) all[status] = (all[status] ?? 0) + count;
      return all;
    }, {}),
  };
}

const f = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : '–');

/** Requests that did not get a 2xx answer: errors (timeouts included) and non-2xx answers. */
export const failures = (r: RunResult) => r.errors + r.non2xx;

/** A markdown table row of a result. */
export function row(label: string, r: RunResult, extra: string[] = []): string {
  return `| ${[
    label,
    f(r.rps),
    f(r.p50, 1),
    f(r.p95, 1),
    f(r.p99, 1),
    f(r.max),
    String(r.errors),
    String(r.timeouts),
    r.non2xx === 0
      ? '0'
      : `${r.non2xx} (${Object.entries(r.statuses)
          .filter(([status]) => !status.startsWith('2'))
          .map(([status, count]) => `${count}× ${status}`)
          .join(', ')})`,
    String(r.listenOverflows),
    String(r.acceptQueueMax),
    String(r.lateConnections),
    ...extra,
  ].join(' | ')} |`;
}

export const HEADER = [
  '| run | req/s | p50 ms | p95 ms | p99 ms | max ms | errors | of which timeouts | non-2xx | listen drops | accept queue max | connections first answered > 1 s | vs baseline |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
];
