/**
 * Every page of the app by path. The build writes a copy of `index.html` at each (see
 * `vite.config.ts`), so a server of plain files — the reference server's static routes — answers
 * a reload or a deep link with the app.
 */
export const PAGE_PATHS = [
  '/',
  '/login',
  '/register',
  '/dashboard',
  '/dashboard/users',
  '/dashboard/products',
  '/settings',
] as const;

/** One of {@link PAGE_PATHS}. */
export type PagePath = (typeof PAGE_PATHS)[number];
