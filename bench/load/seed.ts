// Seeds a running reference server over its API: products (with ample stock) created by the boot
// Admin, and a user whose access token the reads and orders use.
import { ADMIN } from './servers.ts';

async function call(url: string, method: string, path: string, body?: unknown, token?: string) {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: {
      ...(body ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
  return text ? JSON.parse(text) : undefined;
}

export interface Seeded {
  token: string;
  productIds: string[];
}

export async function seed(url: string, products = 50): Promise<Seeded> {
  const admin = await call(url, 'POST', '/api/v1/auth/login', ADMIN);
  const productIds: string[] = [];
  for (let i = 0; i < products; i++) {
    const product = await call(
      url,
      'POST',
      '/api/v1/products',
      {
        name: `Bench product ${i}`,
        description: 'A product for the load suite',
        price: `${(i % 40) + 1}.99`,
        stock: 1_000_000_000,
      },
      admin.access_token,
    );
    productIds.push(product.id);
  }
  const user = { email: `bench-user-${Date.now()}@example.com`, password: 'bench user password' };
  await call(url, 'POST', '/api/v1/auth/register', { ...user, first_name: 'Bench', last_name: 'User' });
  const login = await call(url, 'POST', '/api/v1/auth/login', user);
  return { token: login.access_token, productIds };
}
