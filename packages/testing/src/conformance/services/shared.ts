import { randomUUID } from 'node:crypto';
import {
  type AccessControl,
  createOrderService,
  createProductService,
  createUserAdminService,
  createUserService,
  type PasswordHasher,
  type Principal,
  type Role,
} from '@truss/core';
import { createTestPaymentProvider } from '../../test-payment-provider.js';
import type { ConformanceRepositories } from '../repositories.js';

/** The services under test, on one database, and helpers to set up their world. */
export function buildServices(target: {
  repositories: ConformanceRepositories;
  hasher: PasswordHasher;
  access: AccessControl;
}) {
  const { repositories: repos, hasher, access } = target;
  const revoked: string[] = [];
  const payments = createTestPaymentProvider();
  const users = createUserService({ users: repos.users, hasher });
  const admin = createUserAdminService({
    userAdmin: repos.userAdmin,
    unitOfWork: repos.unitOfWork,
    access,
    revokeAccess: (userId) => {
      revoked.push(userId);
    },
  });
  const products = createProductService({ products: repos.products, access });
  const orders = createOrderService({
    orders: repos.orders,
    unitOfWork: repos.unitOfWork,
    access,
    payments,
    paymentTimeoutMs: 200,
  });

  /** A stored user of `role`, as the principal a verified token would give. */
  async function principal(role: Role = 'user'): Promise<Principal> {
    const { user } = await users.ensureUser({
      email: `${role}-${randomUUID()}@example.com`,
      password: 'a long enough password',
      role,
    });
    return { userId: user.id, role };
  }

  /** A product in the catalogue, created by a Manager. */
  async function product(fields: { price?: string; stock?: number } = {}) {
    return products.create(await principal('manager'), {
      name: `Widget ${randomUUID().slice(0, 8)}`,
      price: fields.price ?? '9.99',
      stock: fields.stock ?? 100,
    });
  }

  return { repos, users, admin, products, orders, payments, revoked, principal, product };
}

/** What each section of the service suite gets. */
export interface ServiceContext {
  get(): ReturnType<typeof buildServices>;
}

/** The code of the `TrussError` a promise rejects with (fails when it resolves or throws something else). */
export async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => {
      throw new Error('expected the call to throw a TrussError');
    },
    (failure: unknown) => failure,
  );
  const { name, code } = error as { name?: string; code?: string };
  if (name !== 'TrussError' || code === undefined) throw error;
  return code;
}
