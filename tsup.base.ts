import { defineConfig } from 'tsup';

/** Shared build of every `@truss/*` package: ESM + CJS + declarations from `src/index.ts`. */
export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  splitting: false,
  treeshake: true,
});
