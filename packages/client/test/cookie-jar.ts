/**
 * A fetch that keeps cookies as a browser does (name, value, path; `Max-Age=0` deletes), for
 * testing the client's cookie mode in Node, whose fetch keeps none. Counts requests by path.
 */
export function cookieJarFetch() {
  const cookies = new Map<string, { value: string; path: string }>();
  const requests = new Map<string, number>();
  const jarFetch: typeof fetch = async (input, init) => {
    const url = new URL(String(input));
    requests.set(url.pathname, (requests.get(url.pathname) ?? 0) + 1);
    const headers = new Headers(init?.headers);
    const sent = [...cookies]
      .filter(([, cookie]) => url.pathname.startsWith(cookie.path))
      .map(([name, cookie]) => `${name}=${cookie.value}`);
    if (sent.length > 0 && init?.credentials === 'include') headers.set('cookie', sent.join('; '));
    const response = await fetch(url, { ...init, headers });
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';').map((part) => part.trim());
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const path = attributes.find((a) => a.toLowerCase().startsWith('path='))?.slice(5) ?? '/';
      const deleted = attributes.some((a) => a.toLowerCase() === 'max-age=0');
      if (deleted) cookies.delete(name);
      else cookies.set(name, { value: pair.slice(eq + 1), path });
    }
    return response;
  };
  return {
    fetch: jarFetch,
    /** How many requests went to `path`. */
    count: (path: string) => requests.get(path) ?? 0,
    /** Whether a cookie whose name ends with `name` is kept (whatever prefix the server adds). */
    has: (name: string) => [...cookies.keys()].some((kept) => kept.endsWith(name)),
  };
}
