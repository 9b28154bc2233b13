import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig, type Plugin } from 'vite';
import { PAGE_PATHS } from './src/pages.ts';

/** Writes `index.html` again at each page's path, so plain static serving answers deep links. */
function pageCopies(): Plugin {
  return {
    name: 'truss-page-copies',
    apply: 'build',
    enforce: 'post',
    generateBundle(_options, bundle) {
      const index = bundle['index.html'];
      if (index?.type !== 'asset') throw new Error('truss-page-copies: index.html is not in the bundle');
      for (const path of PAGE_PATHS.filter((p) => p !== '/')) {
        this.emitFile({ type: 'asset', fileName: `${path.slice(1)}/index.html`, source: index.source });
      }
    },
  };
}

// `npm run dev` serves the app with hot reload and sends API calls to the reference server.
const api = process.env.TRUSS_API_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [react(), pageCopies()],
  // Workspace packages resolve to their TypeScript source, as in the tests: no prior build needed.
  resolve: { conditions: ['source', ...defaultClientConditions] },
  build: {
    // Under the server's CSP (img-src 'self', no inline code) nothing may be inlined as a data: URL.
    assetsInlineLimit: 0,
    target: 'es2022',
  },
  server: {
    proxy: { '/api': api, '/.well-known': api, '/healthz': api },
  },
});
