import { defineConfig } from 'tsup';
import base from '../../tsup.base.ts';

// The shared build, plus the `@truss/repos/cli` subpath and the `truss-migrate` and `truss-reencrypt` commands.
export default defineConfig({
  ...base,
  entry: {
    index: 'src/index.ts',
    cli: 'src/cli/index.ts',
    'truss-migrate': 'src/bin/truss-migrate.ts',
    'truss-reencrypt': 'src/bin/truss-reencrypt.ts',
  },
});
