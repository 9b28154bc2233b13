// The permission table of the reference server, written by hand from the spec (§4.1 users, §7.2
// roles) and the project's documented extension of it (products, orders, exports and analytics: the
// endpoints table of this example's README and "The default table" of @truss/rbac's README). Nothing
// here is read from @truss/rbac: the table is the oracle the server (permission-matrix.test.ts) and
// authorizer.matrix() (permission-table-vs-matrix.test.ts) are checked against.

/** Who calls: nobody signed in, or a signed-in account of each role of spec §7.2. */
export type Caller = 'anonymous' | 'guest' | 'user' | 'manager' | 'admin';

/** The columns of {@link TABLE}, in order. */
export const CALLERS = [
  'anonymous',
  'guest',
  'user',
  'manager',
  'admin',
] as const satisfies readonly Caller[];

/**
 * Whose object `:id` is: the caller's own, someone else's (another User's), or `none` — no
 * object (a collection, a creation), a product (products have no owner), or a missing one.
 */
export type Ownership = 'own' | 'other' | 'none';

/**
 * The state the object is put in before the request. Orders: their status. Users: `has orders`
 * (deletion is refused while a user has orders). Products: `in an order` (likewise). `missing`: an
 * id nothing has. `''`: as it comes.
 */
export type ObjectState = '' | 'pending' | 'paid' | 'shipped' | 'has orders' | 'in an order' | 'missing';

/** What the server is sent for a row. */
export interface Request {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** `:id` is the object's id. */
  readonly path: string;
  /** The kind of object `:id` names; absent when the path has none. */
  readonly resource?: 'user' | 'product' | 'order';
  /** The JSON body; `productId` is a product in stock, `caller` the column's caller. */
  readonly body?: (context: { caller: Caller; productId: string }) => unknown;
  /** The request changes its object for good (deletes it, changes its role): each case gets a new one. */
  readonly destructive?: boolean;
  /**
   * The `action:resource` permissions the server checks, in order: the first by the route without an
   * object (before anything is loaded), then each by the service on the object. Used only to compare
   * the table with `authorizer.matrix()`; the HTTP test does not read it.
   */
  readonly checks: readonly string[];
}

const UNKNOWN_PRODUCT = '00000000-0000-4000-8000-000000000000';

/** The requests of the table, by the name its rows use. */
export const REQUESTS = {
  'GET /users/me': { method: 'GET', path: '/api/v1/users/me', checks: [] },
  'GET /users': { method: 'GET', path: '/api/v1/users', checks: ['list:user'] },
  'GET /users/:id': { method: 'GET', path: '/api/v1/users/:id', resource: 'user', checks: ['read:user'] },
  'PUT /users/:id {names}': {
    method: 'PUT',
    path: '/api/v1/users/:id',
    resource: 'user',
    body: () => ({ first_name: 'Table', last_name: 'Test' }),
    checks: ['update:user'],
  },
  'PUT /users/:id {role}': {
    method: 'PUT',
    path: '/api/v1/users/:id',
    resource: 'user',
    // Anyone but an Admin tries to make the target an Admin; an Admin makes it a Manager.
    body: ({ caller }) => ({ role: caller === 'admin' ? 'manager' : 'admin' }),
    destructive: true,
    checks: ['update:user', 'change-role:user'],
  },
  'DELETE /users/:id': {
    method: 'DELETE',
    path: '/api/v1/users/:id',
    resource: 'user',
    destructive: true,
    checks: ['delete:user'],
  },
  'GET /export/users': { method: 'GET', path: '/api/v1/export/users', checks: ['export:user'] },
  'GET /products': { method: 'GET', path: '/api/v1/products', checks: ['list:product'] },
  'GET /products/:id': {
    method: 'GET',
    path: '/api/v1/products/:id',
    resource: 'product',
    checks: ['read:product'],
  },
  'POST /products': {
    method: 'POST',
    path: '/api/v1/products',
    body: () => ({ name: 'Table lamp', price: '12.50', stock: 3 }),
    checks: ['create:product'],
  },
  'PUT /products/:id': {
    method: 'PUT',
    path: '/api/v1/products/:id',
    resource: 'product',
    body: () => ({ price: '10.00' }),
    checks: ['update:product'],
  },
  'POST /products/:id/stock': {
    method: 'POST',
    path: '/api/v1/products/:id/stock',
    resource: 'product',
    body: () => ({ delta: 1 }),
    checks: ['update:product'],
  },
  'DELETE /products/:id': {
    method: 'DELETE',
    path: '/api/v1/products/:id',
    resource: 'product',
    destructive: true,
    checks: ['delete:product'],
  },
  'POST /orders': {
    method: 'POST',
    path: '/api/v1/orders',
    body: ({ productId }) => ({ items: [{ product_id: productId, quantity: 1 }] }),
    checks: ['create:order'],
  },
  'POST /orders {unknown product}': {
    method: 'POST',
    path: '/api/v1/orders',
    body: () => ({ items: [{ product_id: UNKNOWN_PRODUCT, quantity: 1 }] }),
    checks: ['create:order'],
  },
  'GET /orders': { method: 'GET', path: '/api/v1/orders', checks: ['list:order'] },
  'GET /orders/:id': { method: 'GET', path: '/api/v1/orders/:id', resource: 'order', checks: ['read:order'] },
  'POST /orders/:id/pay': {
    method: 'POST',
    path: '/api/v1/orders/:id/pay',
    resource: 'order',
    body: () => ({ payment_token: 'tok_success' }),
    checks: ['pay:order'],
  },
  'POST /orders/:id/cancel': {
    method: 'POST',
    path: '/api/v1/orders/:id/cancel',
    resource: 'order',
    checks: ['cancel:order'],
  },
  'POST /orders/:id/ship': {
    method: 'POST',
    path: '/api/v1/orders/:id/ship',
    resource: 'order',
    body: () => ({ tracking_number: 'TRK-TABLE' }),
    checks: ['ship:order'],
  },
  'POST /orders/:id/deliver': {
    method: 'POST',
    path: '/api/v1/orders/:id/deliver',
    resource: 'order',
    checks: ['deliver:order'],
  },
  'GET /export/orders': { method: 'GET', path: '/api/v1/export/orders', checks: ['export:order'] },
  'GET /analytics/sales': {
    method: 'GET',
    path: '/api/v1/analytics/sales?from=2030-01-01&to=2030-01-31',
    checks: ['read:analytics'],
  },
} as const satisfies Record<string, Request>;

/** The name of a request of {@link REQUESTS}. */
export type RequestName = keyof typeof REQUESTS;

/** Not applicable: an anonymous caller owns nothing. */
const __ = null;

/**
 * One row: a request on an object in a state, and the HTTP status each caller gets, in the order
 * of {@link CALLERS}. 401: not signed in. 403: signed in, not allowed. 404: no such object, or one
 * the caller may not know exists (another User's order answers exactly as a missing one). 409 / 422:
 * allowed, but the object's state (or the body) makes it impossible — authorization comes first, so
 * a caller who may not act never learns the state.
 */
export type Row = readonly [
  request: RequestName,
  object: Ownership,
  state: ObjectState,
  anonymous: number | null,
  guest: number,
  user: number,
  manager: number,
  admin: number,
];

// biome-ignore format: a table reads best aligned
export const TABLE: readonly Row[] = [
  // request                           object   state           anon guest user  mgr admin
  // Users (spec §4.1): list = Admin; get = signed in; update = the owner, or an Admin (a role only
  // by an Admin); delete = Admin. A Guest account reads only itself: the spec gives Guest no rights
  // of its own, and @truss/rbac reads "signed in" as User and up (guest → 404 on another user).
  ['GET /users/me',                    'none',  '',             401, 200,  200, 200, 200],
  ['GET /users',                       'none',  '',             401, 403,  403, 403, 200],
  ['GET /users/:id',                   'own',   '',             __,  200,  200, 200, 200],
  ['GET /users/:id',                   'other', '',             401, 404,  200, 200, 200],
  ['PUT /users/:id {names}',           'own',   '',             __,  200,  200, 200, 200],
  ['PUT /users/:id {names}',           'other', '',             401, 404,  403, 403, 200],
  ['PUT /users/:id {role}',            'own',   '',             __,  403,  403, 403, 200],
  ['PUT /users/:id {role}',            'other', '',             401, 404,  403, 403, 200],
  ['DELETE /users/:id',                'own',   '',             __,  403,  403, 403, 204],
  ['DELETE /users/:id',                'other', '',             401, 403,  403, 403, 204],
  ['DELETE /users/:id',                'own',   'has orders',   __,  403,  403, 403, 409],
  ['DELETE /users/:id',                'other', 'has orders',   401, 403,  403, 403, 409],
  // An export lists every user: Admin only, as listing them is.
  ['GET /export/users',                'none',  '',             401, 403,  403, 403, 200],
  // Products: anyone reads them, signed in or not; Managers and Admins change them.
  ['GET /products',                    'none',  '',             200, 200,  200, 200, 200],
  ['GET /products/:id',                'none',  '',             200, 200,  200, 200, 200],
  ['POST /products',                   'none',  '',             401, 403,  403, 201, 201],
  ['PUT /products/:id',                'none',  '',             401, 403,  403, 200, 200],
  ['POST /products/:id/stock',         'none',  '',             401, 403,  403, 200, 200],
  ['DELETE /products/:id',             'none',  '',             401, 403,  403, 204, 204],
  ['DELETE /products/:id',             'none',  'in an order',  401, 403,  403, 409, 409],
  // Orders: Users and up place them; the owner reads, pays and cancels its own; Managers and Admins
  // read all and ship and deliver. A User is answered 404 for another User's order.
  ['POST /orders',                     'none',  '',             401, 403,  201, 201, 201],
  ['POST /orders {unknown product}',   'none',  '',             401, 403,  422, 422, 422],
  ['GET /orders',                      'none',  '',             401, 403,  200, 200, 200],
  ['GET /orders/:id',                  'own',   'pending',      __,  403,  200, 200, 200],
  ['GET /orders/:id',                  'other', 'pending',      401, 403,  404, 200, 200],
  ['GET /orders/:id',                  'none',  'missing',      401, 403,  404, 404, 404],
  ['POST /orders/:id/pay',             'own',   'pending',      __,  403,  200, 200, 200],
  ['POST /orders/:id/pay',             'other', 'pending',      401, 403,  404, 403, 403],
  ['POST /orders/:id/pay',             'own',   'paid',         __,  403,  409, 409, 409],
  ['POST /orders/:id/pay',             'other', 'paid',         401, 403,  404, 403, 403],
  ['POST /orders/:id/cancel',          'own',   'pending',      __,  403,  200, 200, 200],
  ['POST /orders/:id/cancel',          'other', 'pending',      401, 403,  404, 403, 403],
  ['POST /orders/:id/cancel',          'own',   'shipped',      __,  403,  409, 409, 409],
  ['POST /orders/:id/cancel',          'other', 'shipped',      401, 403,  404, 403, 403],
  ['POST /orders/:id/ship',            'own',   'paid',         __,  403,  403, 200, 200],
  ['POST /orders/:id/ship',            'other', 'paid',         401, 403,  403, 200, 200],
  ['POST /orders/:id/ship',            'other', 'pending',      401, 403,  403, 409, 409],
  ['POST /orders/:id/deliver',         'own',   'shipped',      __,  403,  403, 200, 200],
  ['POST /orders/:id/deliver',         'other', 'shipped',      401, 403,  403, 200, 200],
  ['GET /export/orders',               'none',  '',             401, 403,  403, 200, 200],
  // The daily sales report (issue 9): Managers and Admins.
  ['GET /analytics/sales',             'none',  '',             401, 403,  403, 200, 200],
];

/** One cell of {@link TABLE}: a request by one caller on one object, and the status it gets. */
export interface Case {
  readonly request: RequestName;
  readonly object: Ownership;
  readonly state: ObjectState;
  readonly caller: Caller;
  readonly status: number;
}

/** Every cell of {@link TABLE} that applies (an anonymous caller owns nothing), row by row. */
export const CASES: readonly Case[] = TABLE.flatMap(([request, object, state, ...statuses]) =>
  CALLERS.flatMap((caller, i) => {
    const status = statuses[i];
    return status === null || status === undefined ? [] : [{ request, object, state, caller, status }];
  }),
);

/** A case as a test title: `guest: PUT /users/:id {role} on itself → 403`. */
export function describeCase(c: Case): string {
  const { resource } = REQUESTS[c.request] as Request;
  const state = c.state === '' ? '' : ` (${c.state})`;
  let object = '';
  if (resource === 'user') object = c.object === 'own' ? ' on itself' : ' on another user';
  else if (c.object === 'own') object = ` on its own ${resource}`;
  else if (c.object === 'other') object = ` on another user’s ${resource}`;
  else if (resource) object = ` on ${resource === 'order' ? 'an' : 'a'} ${resource}`;
  return `${c.caller}: ${c.request}${object}${state} → ${c.status}`;
}
