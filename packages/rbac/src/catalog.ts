import type { DefaultPolicies } from './default-policies.js';

/**
 * The type-level summary of a policy table: for each resource, the union of its action names and
 * the type of object its checks take. {@link Authorizer} is generic over one, so a misspelt action
 * or resource is a type error.
 *
 * @example
 * ```ts
 * type C = CatalogOf<DefaultPolicies>;
 * type OrderActions = C['order']['action']; // 'create' | 'list' | 'read' | 'pay' | …
 * ```
 */
export type Catalog = Readonly<Record<string, { readonly action: string; readonly object: unknown }>>;

type ActionsOf<P> = P extends { readonly actions: infer A } ? keyof A & string : never;

type ObjectOf<P> = P extends { owner?(object: infer O): unknown } ? (unknown extends O ? object : O) : object;

/**
 * The {@link Catalog} of a policy map.
 *
 * @example
 * ```ts
 * type C = CatalogOf<{ invoice: typeof invoicePolicy }>;
 * ```
 */
export type CatalogOf<P> = {
  readonly [K in keyof P & string]: { readonly action: ActionsOf<P[K]>; readonly object: ObjectOf<P[K]> };
};

/**
 * A base catalog with extensions added: new resources join, and an existing resource gains the new
 * actions (its object type stays the base's).
 *
 * @example
 * ```ts
 * type C = MergeCatalogs<CatalogOf<DefaultPolicies>, CatalogOf<{ order: { actions: { refund: Rule } } }>>;
 * ```
 */
export type MergeCatalogs<B extends Catalog, E extends Catalog> = {
  readonly [K in (keyof B | keyof E) & string]: {
    readonly action:
      | (K extends keyof B ? B[K]['action'] : never)
      | (K extends keyof E ? E[K]['action'] : never);
    readonly object: K extends keyof B ? B[K]['object'] : K extends keyof E ? E[K]['object'] : object;
  };
};

/**
 * The catalog of {@link DEFAULT_POLICIES}, the type parameter of `createAuthorizer()`'s result.
 *
 * @example
 * ```ts
 * function useAuthz(authz: Authorizer<DefaultCatalog>) {}
 * ```
 */
export type DefaultCatalog = CatalogOf<DefaultPolicies>;

/**
 * The resource names of a catalog.
 *
 * @example
 * ```ts
 * type R = ResourceOf<DefaultCatalog>; // 'user' | 'product' | 'order' | 'analytics'
 * ```
 */
export type ResourceOf<C extends Catalog> = keyof C & string;

/**
 * The action names of one resource of a catalog.
 *
 * @example
 * ```ts
 * type A = ActionOf<DefaultCatalog, 'user'>; // 'list' | 'read' | 'update' | 'delete' | 'change-role' | 'export'
 * ```
 */
export type ActionOf<C extends Catalog, K extends ResourceOf<C>> = C[K]['action'];

/**
 * Every permission of a catalog as `action:resource`.
 *
 * @example
 * ```ts
 * const p: PermissionOf<DefaultCatalog> = 'ship:order';
 * ```
 */
export type PermissionOf<C extends Catalog> = {
  [K in ResourceOf<C>]: `${ActionOf<C, K>}:${K}`;
}[ResourceOf<C>];
