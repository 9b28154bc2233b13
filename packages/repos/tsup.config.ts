import { defineConfig } from 'tsup';
import base from '../../tsup.base.ts';

// The shared build, plus the `truss-migrate` command.
export default defineConfig({ ...base, entry: ['src/index.ts', 'src/cli.ts'] });
