import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createFetchHandler, createKernel, defineRoute, json } from '@truss/http';
import { describeWithTool } from '@truss/testing';
import { expect, it } from 'vitest';
import { createMetrics } from '../src/index.js';

const ops = (file: string) => fileURLToPath(new URL(`../../../docs/ops/${file}`, import.meta.url));
const rules = ops('alerts.yml');
const tests = ops('alerts.test.yml');

const promtool = (path: string, args: string[]) => {
  try {
    return execFileSync(path, args, { encoding: 'utf8', stdio: 'pipe' });
  } catch (error) {
    const { stdout, stderr } = error as { stdout: string; stderr: string };
    throw new Error(`promtool ${args.join(' ')} failed:\n${stdout}\n${stderr}`);
  }
};

describeWithTool('promtool', 'apt-get install -y prometheus', 'the alerting rules of docs/ops', (path) => {
  it('pass promtool check rules', () => {
    expect(promtool(path, ['check', 'rules', rules])).toMatch(/SUCCESS: \d+ rules found/);
  });

  it('pass their unit tests (promtool test rules), and every alert has one', () => {
    expect(promtool(path, ['test', 'rules', tests])).toContain('SUCCESS');
    const alerts = [...readFileSync(rules, 'utf8').matchAll(/- alert: (\w+)/g)].map((m) => m[1]);
    const tested = new Set([...readFileSync(tests, 'utf8').matchAll(/alertname: (\w+)/g)].map((m) => m[1]));
    expect(alerts.length).toBeGreaterThanOrEqual(7);
    for (const alert of alerts) expect(tested.has(alert), `${alert} has a unit test`).toBe(true);
  });
});

it('the rules read metrics @truss/metrics really serves', async () => {
  const metrics = createMetrics();
  const hello = defineRoute({ method: 'GET', path: '/hello', handler: () => json({}) });
  const fetch = createFetchHandler(
    createKernel({ routes: [hello, ...metrics.routes], middleware: [metrics.middleware] }),
  );
  await fetch(new Request('http://local/hello'));
  const served = await (await fetch(new Request('http://local/metrics'))).text();
  const text = readFileSync(rules, 'utf8');
  // The names this package records; the event metrics come from the packages that publish events.
  for (const name of [
    'http_requests_total',
    'http_request_duration_seconds_bucket',
    'process_cpu_seconds_total',
    'nodejs_heap_size_used_bytes',
    'nodejs_heap_size_limit_bytes',
  ]) {
    expect(text, `alerts.yml uses ${name}`).toContain(name);
    expect(served, `/metrics serves ${name}`).toMatch(new RegExp(`^${name}[{ ]`, 'm'));
  }
});
