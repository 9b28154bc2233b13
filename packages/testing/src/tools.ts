import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { describe, it } from 'vitest';
import { isCi } from './ci.js';

/**
 * The absolute path of the executable `name` on `PATH`, or `null` when there is none.
 *
 * @example
 * ```ts
 * const promtool = findTool('promtool'); // '/usr/bin/promtool' or null
 * ```
 */
export function findTool(name: string, path: string = process.env.PATH ?? ''): string | null {
  for (const dir of path.split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

/**
 * `describe` for a suite that runs an external program (`promtool`, say). When the program is
 * missing the suite is skipped with the reason and `install` in its name; under CI (`CI` set) it
 * fails instead, with the same words, since CI installs what its tests need.
 *
 * @example
 * ```ts
 * describeWithTool('promtool', 'apt-get install -y prometheus', 'alerting rules', (promtool) => {
 *   it('pass promtool check rules', () => { execFileSync(promtool, ['check', 'rules', 'docs/ops/alerts.yml']); });
 * });
 * ```
 */
export function describeWithTool(
  tool: string,
  install: string,
  name: string,
  body: (path: string) => void,
): void {
  const found = findTool(tool);
  if (found) {
    describe(name, () => body(found));
    return;
  }
  const why = `${tool} is not installed (${install})`;
  if (isCi()) {
    describe(name, () => {
      it(`needs ${tool}`, () => {
        throw new Error(`${why}: CI must install it (.ci/run)`);
      });
    });
    return;
  }
  describe.skip(`${name} [skipped — ${why}]`, () => body(tool));
}
