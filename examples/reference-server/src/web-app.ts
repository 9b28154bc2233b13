import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { type Route, type StaticFile, staticRoutes } from '@truss/http';

/**
 * The Content-Security-Policy of the web app: scripts, styles, images, fonts and API calls from its
 * own origin only; no inline script or style, no plugins, no framing.
 */
export const WEB_APP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The routes that serve the built web app in `root` (its `index.html` at `/`, each page's at its
 * path, hashed assets cached for a year), read once, at startup, under {@link WEB_APP_CSP}.
 */
export async function webAppRoutes(root: string): Promise<Route[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch((error: unknown) => {
    throw new Error(`WEB_ROOT ${root} cannot be read (${(error as Error).message}): build the web app first`);
  });
  const files: StaticFile[] = [];
  for (const entry of entries.filter((e) => e.isFile())) {
    const file = join(entry.parentPath, entry.name);
    files.push({ path: `/${relative(root, file).split(sep).join('/')}`, body: await readFile(file) });
  }
  if (!files.some((f) => f.path === '/index.html')) {
    throw new Error(`WEB_ROOT ${root} has no index.html: build the web app first`);
  }
  return staticRoutes(files, {
    headers: { 'content-security-policy': WEB_APP_CSP },
    cacheControl: (path) =>
      path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
}
