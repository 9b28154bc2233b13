import { defineConfig } from 'tsup';
import base from '../../tsup.base.ts';

// The library (createProject, the templates) and the `create-truss` command. `shims` gives the CJS
// build the `import.meta.url` it reads its own package.json with.
export default defineConfig({ ...base, entry: ['src/index.ts', 'src/cli.ts'], shims: true });
