import { type ProjectOptions, withRequiredRouteSets } from './options.js';
import { apiTestSource } from './templates/api-test.js';
import { appSource } from './templates/app.js';
import { mainSource } from './templates/main.js';
import { packageJson, tsconfigBuildJson, tsconfigJson } from './templates/package-json.js';
import { paymentsSource } from './templates/payments.js';
import { gitignoreSource, readmeSource } from './templates/readme.js';
import { serverSource } from './templates/server.js';
import type { Versions } from './versions.js';

/**
 * Every file of a new project, by path relative to its folder, with its text. Nothing is written.
 *
 * @example
 * ```ts
 * const files = projectFiles(options, { ...trussVersions(), ...THIRD_PARTY_VERSIONS });
 * files['src/server.ts']; // the Fastify or Express server
 * ```
 */
export function projectFiles(options: ProjectOptions, versions: Versions): Record<string, string> {
  const files: Record<string, string> = {
    'package.json': packageJson(options, versions),
    'tsconfig.json': tsconfigJson(),
    'tsconfig.build.json': tsconfigBuildJson(),
    '.gitignore': gitignoreSource(),
    'README.md': readmeSource(options),
    'src/app.ts': appSource(options),
    'src/server.ts': serverSource(options),
    'src/main.ts': mainSource(options),
    'test/api.test.ts': apiTestSource(options),
  };
  if (withRequiredRouteSets(options.routes).includes('orders')) files['src/payments.ts'] = paymentsSource();
  return files;
}
