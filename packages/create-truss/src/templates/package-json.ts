import type { ProjectOptions } from '../options.js';
import { SUPPORTED_NODE, type Versions } from '../versions.js';

/**
 * The database driver `@truss/repos` loads for each database.
 *
 * @example
 * ```ts
 * DRIVERS.postgres; // 'pg'
 * ```
 */
export const DRIVERS = Object.freeze({ sqlite: 'better-sqlite3', postgres: 'pg', mysql: 'mysql2' });

function pick(names: ReadonlyArray<string | false>, versions: Versions): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const name of names.filter((n): n is string => n !== false).sort()) {
    const version = versions[name];
    if (version === undefined) throw new Error(`No version known for ${name}`);
    picked[name] = version;
  }
  return picked;
}

/** The packages the generated source imports at run time. */
export function dependencyNames(options: Pick<ProjectOptions, 'adapter' | 'database'>): string[] {
  return [
    '@truss/api',
    '@truss/auth',
    '@truss/core',
    '@truss/http',
    '@truss/rbac',
    '@truss/repos',
    `@truss/${options.adapter}`,
    options.adapter,
    DRIVERS[options.database],
    'pino',
    'zod',
  ];
}

/**
 * The project's `package.json`: every package its source imports, at the versions given (the
 * `@truss/*` ones this create-truss was published with); `npm start` builds and starts the server,
 * `npm test` runs its test.
 *
 * @example
 * ```ts
 * const text = packageJson(options, { ...trussVersions(), ...THIRD_PARTY_VERSIONS });
 * ```
 */
export function packageJson(options: ProjectOptions, versions: Versions): string {
  const manifest = {
    name: options.name,
    version: '0.1.0',
    private: true,
    type: 'module',
    engines: { node: SUPPORTED_NODE },
    scripts: {
      build: 'tsc -p tsconfig.build.json',
      start: 'tsc -p tsconfig.build.json && node --enable-source-maps dist/main.js',
      test: 'vitest run',
      typecheck: 'tsc',
      keys: `node --input-type=module -e "import { generateSigningKey } from '@truss/auth'; console.log(JSON.stringify([await generateSigningKey()]))"`,
    },
    dependencies: pick(dependencyNames(options), versions),
    devDependencies: pick(
      [
        '@truss/testing',
        '@types/node',
        options.adapter === 'express' && '@types/express',
        'typescript',
        'vitest',
      ],
      versions,
    ),
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/** `tsconfig.json`: strict type-checking of the source and the test (`npm run typecheck`). */
export function tsconfigJson(): string {
  const config = {
    compilerOptions: {
      target: 'ES2023',
      lib: ['ES2023'],
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      types: ['node'],
      strict: true,
      noUncheckedIndexedAccess: true,
      verbatimModuleSyntax: true,
      skipLibCheck: true,
      noEmit: true,
    },
    include: ['src', 'test'],
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}

/** `tsconfig.build.json`: compiles `src` to `dist` for `npm start`. */
export function tsconfigBuildJson(): string {
  const config = {
    extends: './tsconfig.json',
    compilerOptions: { noEmit: false, rootDir: 'src', outDir: 'dist', sourceMap: true },
    include: ['src'],
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}
