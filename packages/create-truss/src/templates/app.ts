import { type ProjectOptions, withRequiredRouteSets } from '../options.js';
import { lines } from './lines.js';

/** `import { a, b } from 'x';`, on several lines when one would be long. */
function importLine(names: readonly string[], from: string): string {
  const line = `import { ${names.join(', ')} } from '${from}';`;
  return line.length <= 100
    ? line
    : `import {\n${names.map((name) => `  ${name},`).join('\n')}\n} from '${from}';`;
}

/**
 * `src/app.ts`: database and migrations → repositories → auth and the services → the route sets
 * of `@truss/api` on the `@truss/http` kernel. Framework-free: `src/server.ts` serves it.
 *
 * @example
 * ```ts
 * const text = appSource({ ...options, routes: ['products'] });
 * ```
 */
export function appSource(options: ProjectOptions): string {
  const routes = new Set(withRequiredRouteSets(options.routes));
  const products = routes.has('products');
  const orders = routes.has('orders');
  const exports = routes.has('exports');
  const coreImports = [
    orders && 'createOrderService',
    products && 'createProductService',
    'createUserAdminService',
    'createUserService',
    'type Logger',
  ].filter((name): name is string => name !== false);
  return lines([
    "import { createTrussApi } from '@truss/api';",
    "import { createAccessTokens, createAuthService, type SigningKey } from '@truss/auth';",
    "import { createArgon2Hasher } from '@truss/auth/argon2';",
    "import { createPasswordPolicy } from '@truss/auth/password-policy';",
    importLine(coreImports, '@truss/core'),
    "import { createKernel, type Kernel, logRequests } from '@truss/http';",
    "import { createAuthorizer, toAccessControl } from '@truss/rbac';",
    "import { createDatabase, createRepositories, migrateToLatest } from '@truss/repos';",
    orders && "import { paymentProvider } from './payments.js';",
    '',
    '/** What the application needs from its environment (src/main.ts reads it). */',
    'export interface AppOptions {',
    '  /** `sqlite:<file>`, `postgres://…` or `mysql://…`. */',
    '  databaseUrl: string;',
    '  /** Private JWKs that sign access tokens: the first signs, every one verifies. */',
    '  signingKeys: SigningKey[];',
    '  /** Send the refresh-token cookie over HTTPS only: `true` in production. */',
    '  secureCookies: boolean;',
    '  /** Receives the request log and every unexpected error with its request id. */',
    '  logger: Logger;',
    '}',
    '',
    '/** The wired application: the kernel an HTTP framework serves, and how to release it. */',
    'export interface App {',
    '  kernel: Kernel;',
    '  /** Closes the database connections. */',
    '  close(): Promise<void>;',
    '}',
    '',
    '/** Database and migrations → repositories → auth and the services → the Truss API on a kernel. */',
    'export async function createApp(options: AppOptions): Promise<App> {',
    '  const database = await createDatabase(options.databaseUrl);',
    '  try {',
    "    options.logger.info({ applied: await migrateToLatest(database.db) }, 'database migrated');",
    '    const repos = createRepositories(database);',
    '    // The roles and permissions of Truss; change them with createAuthorizer({ extend: … }).',
    '    const authorizer = createAuthorizer();',
    '    const access = toAccessControl(authorizer);',
    '    const hasher = createArgon2Hasher(); // argon2id at OWASP parameters',
    '    const accessTokens = await createAccessTokens({',
    '      keys: options.signingKeys,',
    `      issuer: '${options.name}',`,
    `      audience: '${options.name}',`,
    '    });',
    '    const users = createUserService({',
    '      users: repos.users,',
    '      hasher,',
    '      passwordPolicy: createPasswordPolicy(), // refuses the most common passwords',
    '    });',
    '    const auth = createAuthService({',
    '      users: repos.users,',
    '      refreshTokens: repos.refreshTokens,',
    '      hasher,',
    '      accessTokens,',
    '    });',
    '    const api = createTrussApi({',
    '      authorizer,',
    '      auth: { auth, users, accessTokens, cookie: { secure: options.secureCookies } },',
    '      users: {',
    '        users,',
    '        admin: createUserAdminService({ userAdmin: repos.userAdmin, unitOfWork: repos.unitOfWork, access }),',
    '      },',
    products && '      products: { products: createProductService({ products: repos.products, access }) },',
    orders && '      orders: {',
    orders && '        orders: createOrderService({',
    orders && '          orders: repos.orders,',
    orders && '          unitOfWork: repos.unitOfWork,',
    orders && '          access,',
    orders && '          payments: paymentProvider(),',
    orders && '        }),',
    orders && '      },',
    exports && '      exports: { orders: repos.orders, users: repos.userAdmin },',
    '    });',
    '    const kernel = createKernel({',
    '      ...api,',
    '      middleware: [logRequests(options.logger), ...api.middleware],',
    '      logger: options.logger, // an unexpected error: a 500 for the client, its stack in the log',
    '    });',
    '    return { kernel, close: () => database.destroy() };',
    '  } catch (error) {',
    '    await database.destroy();',
    '    throw error;',
    '  }',
    '}',
  ]);
}
