// The request mixes of the load suite, the same for the reference server and the baseline.
import type { BenchRequest } from './measure.ts';
import type { Seeded } from './seed.ts';

export type ScenarioName = 'products' | 'me' | 'mix';

/** GET /api/v1/products (anonymous), GET /api/v1/users/me (Bearer), or 6:3:1 of those and POST /api/v1/orders. */
export function scenario(name: ScenarioName, seeded: Seeded): BenchRequest[] {
  const auth = { authorization: `Bearer ${seeded.token}` };
  const products: BenchRequest = { path: '/api/v1/products' };
  const me: BenchRequest = { path: '/api/v1/users/me', headers: auth };
  if (name === 'products') return [products];
  if (name === 'me') return [me];
  const order = (i: number): BenchRequest => ({
    method: 'POST',
    path: '/api/v1/orders',
    headers: auth,
    body: JSON.stringify({
      items: [{ product_id: seeded.productIds[i % seeded.productIds.length], quantity: 1 }],
    }),
  });
  return [products, me, products, products, me, products, order(0), products, me, products];
}

/** Settings shared by the scripts, from the environment. */
export const settings = {
  seconds: Number(process.env.BENCH_SECONDS ?? 15),
  connections: Number(process.env.BENCH_CONNECTIONS ?? 1000),
  databases: (process.env.BENCH_DATABASES ?? 'sqlite,postgres').split(',').map((d) => d.trim()) as Array<
    'sqlite' | 'postgres'
  >,
};

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
