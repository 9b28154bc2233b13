import { defineConfig } from 'tsup';
import base from '../../tsup.base.ts';

// The routes, and the contract alone (zod schemas only: what a browser client imports).
export default defineConfig({ ...base, entry: ['src/index.ts', 'src/contract.ts'] });
