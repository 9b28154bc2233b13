import { builtinModules } from 'node:module';

/** The packages a source file imports (static, dynamic and `import type`), without Node's own. */
export function importedPackages(source: string): string[] {
  const specifiers = [...source.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)['"]([^'"]+)['"]/g)].map(
    (match) => match[1] as string,
  );
  const packages = specifiers
    .filter((s) => !s.startsWith('.') && !s.startsWith('/') && !s.startsWith('node:'))
    .map((s) => (s.startsWith('@') ? s.split('/').slice(0, 2).join('/') : (s.split('/')[0] as string)))
    .filter((name) => !builtinModules.includes(name));
  return [...new Set(packages)].sort();
}

/** The packages `sources` import that `manifest` does not declare (dependencies or devDependencies). */
export function undeclaredImports(
  sources: readonly string[],
  manifest: { dependencies?: Record<string, string>; devDependencies?: Record<string, string> },
): string[] {
  const declared = new Set([
    ...Object.keys(manifest.dependencies ?? {}),
    ...Object.keys(manifest.devDependencies ?? {}),
  ]);
  return [...new Set(sources.flatMap(importedPackages))].filter((name) => !declared.has(name)).sort();
}
