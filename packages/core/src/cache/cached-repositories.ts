import type { ProductListQuery, ProductRepository } from '../ports/product-repository.js';
import type { TransactionRepositories, UnitOfWork } from '../ports/unit-of-work.js';
import type { UserAdminRepository, UserRecord } from '../ports/user-admin-repository.js';
import type { UserRepository } from '../ports/user-repository.js';
import type { Cache } from './cache-aside.js';

/**
 * The cache keys of the cached reads: one product, every product list page, one user.
 *
 * @example
 * ```ts
 * await cache.invalidate([CACHE_KEYS.product(id), CACHE_KEYS.productLists]);
 * ```
 */
export const CACHE_KEYS = Object.freeze({
  product: (id: string) => `product:${id}`,
  productLists: 'products:list',
  user: (id: string) => `user:${id}`,
});

/** A list query as a stable string: the same query in any key order is the same page. */
function variantOf(query: ProductListQuery | undefined): string {
  const entries = Object.entries(query ?? {}).filter(([, v]) => v !== undefined);
  return JSON.stringify(entries.sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** Calls `write`, then reports the keys it changed (only once it resolved: a failed write changed nothing). */
type Changed = (keys: readonly string[]) => Promise<void>;

function productWrites(products: ProductRepository, changed: Changed) {
  const both = (id: string) => [CACHE_KEYS.product(id), CACHE_KEYS.productLists];
  return {
    async create(product: Parameters<ProductRepository['create']>[0]) {
      const created = await products.create(product);
      await changed([CACHE_KEYS.productLists]);
      return created;
    },
    async update(id: string, changes: Parameters<ProductRepository['update']>[1], version: number) {
      const updated = await products.update(id, changes, version);
      await changed(both(id));
      return updated;
    },
    async decrementStock(id: string, quantity: number) {
      const done = await products.decrementStock(id, quantity);
      if (done) await changed(both(id));
      return done;
    },
    async incrementStock(id: string, quantity: number) {
      await products.incrementStock(id, quantity);
      await changed(both(id));
    },
    async delete(id: string, version: number) {
      await products.delete(id, version);
      await changed(both(id));
    },
  } satisfies Partial<ProductRepository>;
}

function userWrites(users: UserRepository, changed: Changed) {
  return {
    create: (user: Parameters<UserRepository['create']>[0]) => users.create(user),
    async updatePasswordHash(id: string, hash: string) {
      await users.updatePasswordHash(id, hash);
      await changed([CACHE_KEYS.user(id)]);
    },
  } satisfies Partial<UserRepository>;
}

function userAdminWrites(userAdmin: UserAdminRepository, changed: Changed) {
  return {
    async update(id: string, changes: Parameters<UserAdminRepository['update']>[1], version: number) {
      const updated = await userAdmin.update(id, changes, version);
      await changed([CACHE_KEYS.user(id)]);
      return updated;
    },
    async delete(id: string) {
      const deleted = await userAdmin.delete(id);
      if (deleted) await changed([CACHE_KEYS.user(id)]);
      return deleted;
    },
  } satisfies Partial<UserAdminRepository>;
}

/**
 * A {@link ProductRepository} whose `findById` and `list` read through `cache` (keys
 * `product:<id>` and `products:list`, one variant per query), and whose every write invalidates
 * the product and every list page once it has succeeded — before the caller gets its answer.
 *
 * @example
 * ```ts
 * const products = withProductCache(repositories.products, cache);
 * ```
 */
export function withProductCache(products: ProductRepository, cache: Cache): ProductRepository {
  return {
    findById: (id) => cache.getOrLoad(CACHE_KEYS.product(id), '', () => products.findById(id)),
    list: async (query) =>
      (await cache.getOrLoad(CACHE_KEYS.productLists, variantOf(query), () => products.list(query))) ??
      products.list(query),
    ...productWrites(products, (keys) => cache.invalidate(keys)),
  };
}

/**
 * A {@link UserRepository} whose `findById` reads through `cache` (key `user:<id>`) and whose
 * `updatePasswordHash` invalidates it. `findByEmail` (login) always reads the database.
 * Cached users include their password hash: give the cache store the protection of the database.
 *
 * @example
 * ```ts
 * const users = withUserCache(repositories.users, cache);
 * ```
 */
export function withUserCache(users: UserRepository, cache: Cache): UserRepository {
  return {
    findById: (id) => cache.getOrLoad(CACHE_KEYS.user(id), 'user', () => users.findById(id)),
    findByEmail: (email) => users.findByEmail(email),
    ...userWrites(users, (keys) => cache.invalidate(keys)),
  };
}

/**
 * A {@link UserAdminRepository} whose `findRecord` reads through `cache` (key `user:<id>`, the
 * same key as {@link withUserCache}) and whose `update` and `delete` invalidate it.
 *
 * @example
 * ```ts
 * const userAdmin = withUserAdminCache(repositories.userAdmin, cache);
 * ```
 */
export function withUserAdminCache(userAdmin: UserAdminRepository, cache: Cache): UserAdminRepository {
  return {
    findRecord: (id) =>
      cache.getOrLoad<UserRecord>(CACHE_KEYS.user(id), 'record', () => userAdmin.findRecord(id)),
    list: (query) => userAdmin.list(query),
    scan: (options) => userAdmin.scan(options),
    lockAdmins: () => userAdmin.lockAdmins(),
    ...userAdminWrites(userAdmin, (keys) => cache.invalidate(keys)),
  };
}

/**
 * A {@link UnitOfWork} that notes which cached rows the work changes (products, users) and
 * invalidates them after the transaction commits, before `run` answers. Reads inside the
 * transaction go to the database, never to the cache; a rolled-back transaction invalidates nothing.
 *
 * @example
 * ```ts
 * const unitOfWork = withCacheInvalidation(repositories.unitOfWork, cache);
 * const orders = createOrderService({ orders: repositories.orders, unitOfWork, access, payments });
 * ```
 */
export function withCacheInvalidation(unitOfWork: UnitOfWork, cache: Cache): UnitOfWork {
  return {
    async run(work) {
      const changed = new Set<string>();
      const note: Changed = async (keys) => {
        for (const key of keys) changed.add(key);
      };
      const result = await unitOfWork.run((repositories: TransactionRepositories) =>
        work({
          ...repositories,
          products: { ...repositories.products, ...productWrites(repositories.products, note) },
          users: { ...repositories.users, ...userWrites(repositories.users, note) },
          userAdmin: { ...repositories.userAdmin, ...userAdminWrites(repositories.userAdmin, note) },
        }),
      );
      await cache.invalidate([...changed]);
      return result;
    },
  };
}

/**
 * Every cached read and every invalidation at once: users, user admin and products read through
 * `cache`, and the unit of work invalidates what its transactions change. Pass the result where
 * the repositories went.
 *
 * @example
 * ```ts
 * const repositories = withRepositoryCache(createRepositories(database), createCache({ store, ttlSeconds: 300 }));
 * ```
 */
export function withRepositoryCache<R extends TransactionRepositories & { unitOfWork: UnitOfWork }>(
  repositories: R,
  cache: Cache,
): R {
  return {
    ...repositories,
    users: withUserCache(repositories.users, cache),
    userAdmin: withUserAdminCache(repositories.userAdmin, cache),
    products: withProductCache(repositories.products, cache),
    unitOfWork: withCacheInvalidation(repositories.unitOfWork, cache),
  };
}
