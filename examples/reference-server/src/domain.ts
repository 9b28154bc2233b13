import {
  createOrderService,
  createProductService,
  createTestPaymentProvider,
  createUserAdminService,
  type Logger,
  type PaymentProvider,
} from '@truss/core';
import type { Route } from '@truss/http';
import { createAuthorizer } from '@truss/rbac';
import type { Repositories } from '@truss/repos';
import { type AnyAuthorizer, toAccessControl } from './access.js';
import { exportRoutes } from './routes/export.js';
import { orderRoutes } from './routes/orders.js';
import { productRoutes } from './routes/products.js';
import { userAdminRoutes } from './routes/users.js';

/** What the reference server lets a caller of `createApp` / `startServer` replace. */
export interface AppOptions {
  /** The payment provider. Default: the deterministic test provider of `@truss/core` (logged). */
  payments?: PaymentProvider;
  /** How long to wait for the payment provider, in ms. Default 10 000. */
  paymentTimeoutMs?: number;
  /** The authorizer. Default: `createAuthorizer()`, the spec's table. */
  authorizer?: AnyAuthorizer;
}

/** What {@link domainRoutes} needs from the configuration. */
export interface DomainSettings {
  /** In production a real payment provider is required: the test one would accept any card. */
  production: boolean;
  /** Ends a user's current access tokens (after a role change or deletion). Default: nothing. */
  revokeAccess?: (userId: string) => void;
}

/**
 * The domain API on the repositories: user administration, products, orders (payments through
 * `options.payments`) and exports, with RBAC glue middleware from one authorizer.
 *
 * @example
 * ```ts
 * const routes = domainRoutes(createRepositories(database), logger, { paymentTimeoutMs: 5000 });
 * ```
 */
export function domainRoutes(
  repositories: Repositories,
  logger: Logger,
  options: AppOptions = {},
  settings: DomainSettings = { production: false },
): Route[] {
  const authz = options.authorizer ?? (createAuthorizer() as unknown as AnyAuthorizer);
  const access = toAccessControl(authz);
  let payments = options.payments;
  if (!payments) {
    if (settings.production) {
      throw new Error(
        'NODE_ENV=production needs a payment provider: startServer(config, logger, { payments })',
      );
    }
    logger.warn(
      {},
      'No payment provider given: using the test provider (tok_decline declines, tok_timeout hangs)',
    );
    payments = createTestPaymentProvider();
  }
  const { unitOfWork } = repositories;
  return [
    ...userAdminRoutes(
      createUserAdminService({ userAdmin: repositories.userAdmin, unitOfWork, access }),
      authz,
      settings.revokeAccess,
    ),
    ...productRoutes(createProductService({ products: repositories.products, access }), authz),
    ...orderRoutes(
      createOrderService({
        orders: repositories.orders,
        unitOfWork,
        access,
        payments,
        ...(options.paymentTimeoutMs ? { paymentTimeoutMs: options.paymentTimeoutMs } : {}),
      }),
      authz,
    ),
    ...exportRoutes(repositories, authz),
  ];
}
