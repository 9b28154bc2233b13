import type { z } from 'zod';

/**
 * What the client reads of a route of the contract (`@truss/api/contract`): method, path, auth and
 * the zod schemas of its input and success response.
 *
 * @example
 * ```ts
 * const route: EndpointContract = trussContract.orders.pay;
 * ```
 */
export interface EndpointContract {
  readonly method: string;
  readonly path: string;
  readonly auth?: 'required' | 'optional' | 'none';
  readonly params?: z.ZodType;
  readonly query?: z.ZodType;
  readonly body?: z.ZodType;
  readonly response?: z.ZodType;
  readonly status?: number;
}

/**
 * A contract: routes grouped by resource, as `trussContract` is.
 *
 * @example
 * ```ts
 * const contract: ContractShape = { orders: { get: trussContract.orders.get } };
 * ```
 */
export type ContractShape = Readonly<Record<string, Readonly<Record<string, EndpointContract>>>>;

/**
 * Options of one call.
 *
 * @example
 * ```ts
 * await client.users.update({ params: { id }, body: { first_name: 'Ada' } }, { headers: { 'if-match': etag } });
 * ```
 */
export interface CallOptions {
  /** Extra request headers (`If-Match`, `Idempotency-Key`, …). */
  headers?: Readonly<Record<string, string>>;
  /** Aborts the request; the call then rejects with the fetch's `AbortError`. */
  signal?: AbortSignal;
}

type Empty = Record<never, never>;

type SchemaAt<R, K extends string> = R extends { readonly [P in K]: infer S extends z.ZodType } ? S : never;

/** Query values travel as text: a schema that coerces (`z.coerce.number()`) takes any scalar. */
type QueryValues<T> = { [K in keyof T]: unknown extends T[K] ? string | number | boolean : T[K] };

/** `{ [name]: V }`, optional when `V` may be left out (`undefined`, or an object of optional keys). */
type Slot<K extends string, V> = undefined extends V
  ? { [P in K]?: V }
  : Empty extends V
    ? { [P in K]?: V }
    : { [P in K]: V };

type Part<K extends string, S, V> = [S] extends [never] ? Empty : Slot<K, V>;

type Simplify<T> = { [K in keyof T]: T[K] };

/**
 * The input of a call to route `R`: `{ params, query, body }`, each present only when the route
 * has that schema, each what the schema *reads* (`z.input`: snake_case, as on the wire).
 *
 * @example
 * ```ts
 * type PayInput = EndpointInput<TrussContract['orders']['pay']>;
 * // { params: { id: string }; body: { payment_token: string } }
 * ```
 */
export type EndpointInput<R> = Simplify<
  Part<'params', SchemaAt<R, 'params'>, z.input<SchemaAt<R, 'params'>>> &
    Part<'query', SchemaAt<R, 'query'>, QueryValues<z.input<SchemaAt<R, 'query'>>>> &
    Part<'body', SchemaAt<R, 'body'>, z.input<SchemaAt<R, 'body'>>>
>;

/**
 * What a call to route `R` answers: the output of its `response` schema; nothing for a 204; the
 * body as a stream of text for a route without a response schema (the exports).
 *
 * @example
 * ```ts
 * type Order = EndpointOutput<TrussContract['orders']['get']>; // { id: string; status: …; items: … }
 * ```
 */
export type EndpointOutput<R> = R extends { readonly response: infer S extends z.ZodType }
  ? z.output<S>
  : R extends { readonly status: 204 }
    ? undefined
    : ReadableStream<string>;

/**
 * The method that calls route `R`; its input may be left out when nothing in it is required.
 *
 * @example
 * ```ts
 * const me: EndpointMethod<TrussContract['users']['me']> = client.users.me;
 * ```
 */
export type EndpointMethod<R> =
  Empty extends EndpointInput<R>
    ? (input?: EndpointInput<R>, options?: CallOptions) => Promise<EndpointOutput<R>>
    : (input: EndpointInput<R>, options?: CallOptions) => Promise<EndpointOutput<R>>;

/**
 * A method per route of contract `C`, grouped as the contract is.
 *
 * @example
 * ```ts
 * type Api = ClientOf<TrussContract>; // Api['orders']['pay'], Api['auth']['login'], …
 * ```
 */
export type ClientOf<C> = {
  readonly [G in keyof C]: { readonly [E in keyof C[G]]: EndpointMethod<C[G][E]> };
};
