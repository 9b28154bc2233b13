import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/main.ts', 'src/generate-keys.ts', 'src/worker.ts', 'src/events-cli.ts', 'src/reencrypt.ts'],
  format: ['esm'],
  clean: true,
  sourcemap: true,
  target: 'node20',
});
