import { mkdir, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { totpCode } from '@truss/auth/mfa';
import { createTrussClient, type TrussClient } from '@truss/client';
import { ADMIN, startTestServer, type TestServer } from '@truss/example-reference-server/test-helpers';
import { createDatabase } from '@truss/repos';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWebApp, chromiumUnavailable, launchChromium, seriousViolations } from './browser.js';

// What the callbacks run inside the page use of the browser's globals (this file compiles for Node).
declare const document: {
  activeElement: { id: string; outerHTML: string } | null;
  documentElement: { dataset: Record<string, string | undefined> };
};
declare const localStorage: { setItem(key: string, value: string): void };

const PASSWORD = 'correct horse battery staple';
const USER = { email: 'ada@example.com', password: PASSWORD, first: 'Ada' };
const MANAGER = { email: 'grace@example.com', password: PASSWORD };
// `UPDATE_SCREENSHOTS=1 npx vitest run --project web` refreshes the screenshots in docs/.
const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS
  ? fileURLToPath(new URL('../../../docs/screenshots/', import.meta.url))
  : join(tmpdir(), 'truss-web-screenshots');

const unavailable = chromiumUnavailable();
const suite = unavailable ? describe.skip : describe;
const title = unavailable
  ? `web app in Chromium [skipped — ${unavailable}]`
  : 'web app in Chromium, served by the reference server (fastify on SQLite)';

suite(title, () => {
  let t: TestServer;
  let web: Awaited<ReturnType<typeof buildWebApp>>;
  let browser: Browser;
  let admin: TrussClient;
  const contexts: BrowserContext[] = [];
  /** Problems the pages reported: CSP violations and uncaught errors. */
  const problems: string[] = [];

  /** A page in a fresh browser profile; `audit` lets axe-core be injected past the CSP. */
  async function newPage(options: { audit?: boolean } = {}): Promise<Page> {
    const context = await browser.newContext({
      baseURL: t.server.url,
      viewport: { width: 1280, height: 800 },
      bypassCSP: options.audit ?? false,
    });
    contexts.push(context);
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) {
        problems.push(`CSP: ${message.text()}`);
      }
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    return page;
  }

  async function logIn(page: Page, who: { email: string; password: string }): Promise<void> {
    await page.goto('/login');
    await page.getByLabel('Email').fill(who.email);
    await page.getByLabel('Password', { exact: true }).fill(who.password);
    await page.getByRole('main').getByRole('button', { name: 'Log in' }).click();
  }

  const banner = (page: Page) => page.getByRole('banner');

  beforeAll(async () => {
    web = await buildWebApp();
    // Secure cookies, as `npm start` sets them: Chromium keeps them on http://127.0.0.1 too.
    t = await startTestServer('sqlite', 'fastify', { WEB_ROOT: web.dir, COOKIE_SECURE: 'true' });
    browser = await launchChromium();
    admin = createTrussClient({ baseUrl: t.server.url });
    await admin.auth.login({ body: ADMIN });
    // Newest first in the catalogue: Bolt, created last, leads the first page.
    await admin.products.create({ body: { name: 'Sold-out spring', price: '0.60', stock: 0 } });
    const catalogue = [
      ['Nut', '0.05', 'Hex nut, M8'],
      ['Washer', '0.02', 'Flat washer, M8'],
      ['Hinge', '3.50', 'Stainless butt hinge, 75 mm'],
      ['Bracket', '1.20', 'Steel angle bracket'],
      ['Wood screw', '0.08', 'Countersunk, 4 × 40'],
      ['Anchor', '0.30', 'Nylon wall plug, 8 mm'],
      ['Chain', '12.00', 'Galvanised chain, 1 m'],
      ['Padlock', '9.90', 'Brass padlock, 40 mm'],
      ['Rope', '6.75', 'Polyester rope, 10 m'],
      ['Clamp', '4.40', 'F-clamp, 150 mm'],
      ['Bolt', '0.10', 'Hex bolt, M8 × 40, zinc plated'],
    ] as const;
    for (const [name, price, description] of catalogue) {
      await admin.products.create({ body: { name, price, description, stock: 100 } });
    }
    await mkdir(SCREENSHOTS, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await t?.stop();
    await web?.remove();
  });

  it('serves the built app at / under a strict CSP: external scripts and styles only', async () => {
    const response = await fetch(`${t.server.url}/`);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    const html = await response.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/<style|\sstyle=/);
    const script = html.match(/<script[^>]*src="([^"]+)"/)?.[1] as string;
    const asset = await fetch(`${t.server.url}${script}`);
    expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(asset.headers.get('cache-control')).toContain('immutable');
    // A deep link answers the app too.
    expect(await (await fetch(`${t.server.url}/dashboard/users`)).text()).toBe(html);
  });

  let userPage: Page;

  it('register → log in → browse → order → pay', async () => {
    const page = await newPage();
    userPage = page;
    await page.goto('/');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Catalogue');
    await banner(page).getByRole('link', { name: 'Register' }).click();
    await page.getByLabel('Email').fill('not an email');
    await page.getByLabel('Password', { exact: true }).fill('short');
    await page.getByRole('button', { name: 'Create account' }).click();
    // The server's own schemas, run in the page, explain both fields; the first gets the focus.
    await expect.poll(() => page.getByText('Invalid email address').isVisible()).toBe(true);
    expect(await page.getByText('Password must be at least 8 characters').isVisible()).toBe(true);
    expect(await page.getByLabel('Email').evaluate((el) => el === document.activeElement)).toBe(true);
    await page.getByLabel('Email').fill(USER.email);
    await page.getByLabel('Password', { exact: true }).fill(USER.password);
    await page.getByLabel('First name (optional)').fill(USER.first);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL('**/login');
    await expect.poll(() => page.getByText('Your account is ready').isVisible()).toBe(true);

    await page.getByLabel('Email').fill(USER.email);
    await page.getByLabel('Password', { exact: true }).fill(USER.password);
    await page.getByRole('main').getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL('**/dashboard');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('My orders');
    expect(await banner(page).getByText(USER.email).isVisible()).toBe(true);

    // Browse: ten to a page, then the next page; the price filter is checked by the API's query schema.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Catalogue' }).click();
    const rows = page.getByRole('table').locator('tbody tr:not(:has(.table-empty))');
    await expect.poll(() => rows.count()).toBe(10);
    await page.getByRole('button', { name: 'Next page' }).click();
    await expect.poll(() => rows.count()).toBe(2);
    await page.getByRole('button', { name: 'Previous page' }).click();
    await expect.poll(() => rows.count()).toBe(10);
    await page.getByLabel('Lowest price').fill('cheap');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    expect(await page.getByLabel('Lowest price').getAttribute('aria-invalid')).toBe('true');
    await page.getByLabel('Lowest price').fill('1.00');
    await page.getByLabel('Highest price').fill('10.00');
    await page.getByLabel('In stock only').check();
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(() => rows.count()).toBe(5); // Hinge, Bracket, Padlock, Rope, Clamp
    await page.getByLabel('Lowest price').fill('');
    await page.getByLabel('Highest price').fill('');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(() => rows.count()).toBe(10);
    // The search asks the server: it finds a name on any page, in any case.
    await page.getByLabel('Search by name').fill('NUT');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('Nut');
    await page.getByLabel('Search by name').fill('bolt');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(() => rows.first().textContent()).toContain('Bolt');
    expect(await rows.count()).toBe(1);

    await page.getByRole('button', { name: 'Order Bolt' }).click();
    const dialog = page.getByRole('dialog', { name: 'Order Bolt' });
    await dialog.getByLabel('Quantity').fill('0');
    await dialog.getByRole('button', { name: 'Place order' }).click();
    expect(await dialog.getByLabel('Quantity').getAttribute('aria-invalid')).toBe('true');
    await dialog.getByLabel('Quantity').fill('3');
    await dialog.getByRole('button', { name: 'Place order' }).click();
    await page.waitForURL('**/dashboard');
    const order = page.getByRole('table').locator('tbody tr').first();
    await expect.poll(() => order.textContent()).toContain('pending');
    expect(await order.textContent()).toContain('0.30');

    await order.getByRole('button', { name: /^Pay order/ }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Pay 0.30' }).click();
    await expect.poll(() => order.textContent()).toContain('paid');
    expect(problems).toEqual([]);
  });

  it('an Admin makes a Manager, who ships the order; the User sees it shipped', async () => {
    await createTrussClient({ baseUrl: t.server.url }).auth.register({ body: MANAGER });
    const adminPage = await newPage();
    await logIn(adminPage, ADMIN);
    // The Admin stocks the catalogue; the price is checked with the server's money schema first.
    await adminPage.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Products' }).click();
    await adminPage.getByLabel('Name').fill('Hammer');
    await adminPage.getByLabel('Price').fill('12.5.0');
    await adminPage.getByLabel('Stock').fill('5');
    await adminPage.getByRole('button', { name: 'Add product' }).click();
    expect(await adminPage.getByLabel('Price').getAttribute('aria-invalid')).toBe('true');
    await adminPage.getByLabel('Price').fill('12.50');
    await adminPage.getByRole('button', { name: 'Add product' }).click();
    await expect
      .poll(() => adminPage.getByRole('row').filter({ hasText: 'Hammer' }).textContent())
      .toContain('12.50');

    await adminPage.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }).click();
    await adminPage.getByLabel(`Role of ${MANAGER.email}`).selectOption('manager');
    await expect.poll(() => adminPage.getByText(`${MANAGER.email} is now manager`).isVisible()).toBe(true);

    const managerPage = await newPage();
    await logIn(managerPage, MANAGER);
    await expect.poll(() => managerPage.getByRole('heading', { level: 1 }).textContent()).toBe('All orders');
    const paid = managerPage.getByRole('row').filter({ hasText: 'paid' });
    await paid.getByRole('button', { name: /^Ship order/ }).click();
    const dialog = managerPage.getByRole('dialog');
    await dialog.getByLabel('Tracking number').fill('TRK-0001');
    await dialog.getByRole('button', { name: 'Ship' }).click();
    await expect.poll(() => managerPage.getByRole('row').filter({ hasText: 'TRK-0001' }).count()).toBe(1);

    await userPage.reload();
    const order = userPage.getByRole('table').locator('tbody tr').first();
    await expect.poll(() => order.textContent()).toContain('shipped (TRK-0001)');
    expect(problems).toEqual([]);
  });

  it('keeps the session over a reload (the refresh cookie) and ends it on logout', async () => {
    const page = userPage;
    await page.goto('/settings');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Settings');
    expect(await banner(page).getByText(USER.email).isVisible()).toBe(true);
    const cookies = await page.context().cookies();
    // (A `__Secure-` prefix on the name, should the server add one, changes nothing here.)
    expect(cookies.find((c) => c.name.endsWith('truss_refresh'))).toMatchObject({
      httpOnly: true,
      secure: true,
    });

    await banner(page).getByRole('button', { name: 'Log out' }).click();
    await expect.poll(() => banner(page).getByRole('link', { name: 'Log in' }).isVisible()).toBe(true);
    await page.reload();
    await expect.poll(() => banner(page).getByRole('link', { name: 'Log in' }).isVisible()).toBe(true);
    await page.goto('/dashboard');
    await page.waitForURL('**/login?next=%2Fdashboard');
    expect(problems).toEqual([]);
  });

  it('changes the password in Settings; the old one no longer logs in', async () => {
    const email = 'changer@example.com';
    const client = createTrussClient({ baseUrl: t.server.url });
    await client.auth.register({ body: { email, password: PASSWORD } });
    const page = await newPage();
    await logIn(page, { email, password: PASSWORD });
    await page.waitForURL('**/dashboard');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    const form = page.getByRole('form', { name: 'Change the password' });
    const newPassword = 'a brand new passphrase for tests';
    await form.getByLabel('Current password').fill('not the password at all');
    await form.getByLabel('New password').fill(newPassword);
    await form.getByRole('button', { name: 'Change password' }).click();
    // The server's answer (422 on current_password) is shown on the field it names.
    await expect.poll(() => form.getByLabel('Current password').getAttribute('aria-invalid')).toBe('true');
    await form.getByLabel('Current password').fill(PASSWORD);
    await form.getByRole('button', { name: 'Change password' }).click();
    await expect.poll(() => page.getByText('Your password is changed.').isVisible()).toBe(true);
    const old = await fetch(`${t.server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: PASSWORD }),
    });
    expect(old.status).toBe(401);
    await client.auth.login({ body: { email, password: newPassword } });
    expect(problems).toEqual([]);
  });

  it('asks for the password again before a new email is saved, once the last proof is old', async () => {
    const email = 'mover@example.com';
    const client = createTrussClient({ baseUrl: t.server.url });
    const { id } = await client.auth.register({ body: { email, password: PASSWORD } });
    const page = await newPage();
    await logIn(page, { email, password: PASSWORD });
    await page.waitForURL('**/dashboard');
    // The login was an hour ago, as far as the server knows: past REAUTH_WINDOW.
    const database = await createDatabase(t.database.url);
    try {
      await database.db
        .updateTable('sessions')
        .set({ authenticated_at: new Date(Date.now() - 3_600_000).toISOString() })
        .where('user_id', '=', id)
        .execute();
    } finally {
      await database.destroy();
    }
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await page.getByLabel('Email').fill('moved@example.com');
    await page.getByRole('button', { name: 'Save profile' }).click();
    const dialog = page.getByRole('dialog', { name: 'Confirm it is you' });
    await dialog.getByLabel('Your password', { exact: true }).fill('not my password at all');
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await expect.poll(async () => (await dialog.textContent()) ?? '').toMatch(/password/i);
    expect(await dialog.isVisible()).toBe(true);
    await dialog.getByLabel('Your password', { exact: true }).fill(PASSWORD);
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await expect.poll(() => page.getByText('Your profile is saved.').isVisible()).toBe(true);
    expect(await banner(page).getByText('moved@example.com').isVisible()).toBe(true);
    expect(problems).toEqual([]);
  });

  it('shows a friendly page, not a blank one, when the API answers 403', async () => {
    const page = userPage;
    await logIn(page, USER);
    await page.waitForURL('**/dashboard');
    await page.goto('/dashboard/users');
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe('You don’t have access to this page');
    expect(await page.getByRole('main').textContent()).toContain('your account (user)');
    await page.getByRole('link', { name: 'Back to the catalogue' }).click();
    await page.waitForURL(/\/$/);
    expect(problems).toEqual([]);
  });

  it('enrolls MFA with a QR code and recovery codes; the next login asks for a code', async () => {
    const email = 'mfa@example.com';
    await createTrussClient({ baseUrl: t.server.url }).auth.register({ body: { email, password: PASSWORD } });
    const page = await newPage();
    await logIn(page, { email, password: PASSWORD });
    await page.waitForURL('**/dashboard');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Set up two-factor authentication' }).click();
    await page.getByRole('img', { name: /QR code/ }).waitFor();
    const secret = (await page.getByTestId('mfa-secret').textContent()) as string;
    const now = Date.now();
    await page.getByLabel('Code shown by the app').fill('000000');
    await page.getByRole('button', { name: 'Turn on' }).click();
    await expect
      .poll(() => page.getByText('The code is wrong, expired or already used').isVisible())
      .toBe(true);
    expect(await page.getByLabel('Code shown by the app').getAttribute('aria-invalid')).toBe('true');
    await page.getByLabel('Code shown by the app').fill(totpCode(secret, now));
    await page.getByRole('button', { name: 'Turn on' }).click();
    const codes = page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem');
    await expect.poll(() => codes.count()).toBe(10);
    await page.getByRole('button', { name: 'I have saved them' }).click();
    await expect.poll(() => page.getByText('Recovery codes left: 10').isVisible()).toBe(true);

    await banner(page).getByRole('button', { name: 'Log out' }).click();
    await logIn(page, { email, password: PASSWORD });
    await page.getByLabel('Code from your authenticator app').fill(totpCode(secret, now + 30_000));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.waitForURL('**/dashboard');
    expect(await banner(page).getByText(email).isVisible()).toBe(true);
    expect(problems).toEqual([]);
  });

  it('is usable by keyboard: skip link first, dialogs take and give back the focus', async () => {
    const page = await newPage();
    await logIn(page, USER);
    await page.waitForURL('**/dashboard');
    await page.goto('/');
    await page.getByRole('table').locator('tbody tr').first().waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.outerHTML)).toContain('Skip to content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');

    const orderBolt = page.getByRole('button', { name: 'Order Bolt' });
    await orderBolt.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Order Bolt' });
    await dialog.waitFor();
    expect(await dialog.getByLabel('Quantity').evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await orderBolt.evaluate((el) => el === document.activeElement)).toBe(true);
  });

  it('has no serious accessibility violation (axe-core) on any page, light or dark', async () => {
    const page = await newPage({ audit: true });
    const audit = async (where: string) => {
      await page.getByRole('heading', { level: 1 }).waitFor();
      await page.waitForLoadState('networkidle');
      const found = await seriousViolations(page);
      return found.map(
        (v) => `${where}: ${v.id} (${v.impact}) ${v.help} at ${JSON.stringify(v.nodes[0]?.target)}`,
      );
    };
    const failures: string[] = [];
    for (const theme of ['light', 'dark'] as const) {
      await page.goto('/');
      await page.evaluate((value) => localStorage.setItem('truss-theme', value), theme);
      for (const path of ['/', '/login', '/register']) {
        await page.goto(path);
        failures.push(...(await audit(`${theme} ${path} (visitor)`)));
      }
      await logIn(page, USER);
      await page.waitForURL('**/dashboard');
      failures.push(...(await audit(`${theme} /dashboard (user)`)));
      await page.goto('/');
      await page.getByRole('button', { name: 'Order Bolt' }).click();
      failures.push(...(await audit(`${theme} order dialog`)));
      await page.goto('/settings');
      failures.push(...(await audit(`${theme} /settings`)));
      await page.getByRole('button', { name: 'Set up two-factor authentication' }).click();
      await page.getByRole('img', { name: /QR code/ }).waitFor();
      failures.push(...(await audit(`${theme} /settings MFA enrollment`)));
      await page.goto('/dashboard/users');
      failures.push(...(await audit(`${theme} 403 page`)));
      await banner(page).getByRole('button', { name: 'Log out' }).click();
      await logIn(page, ADMIN);
      await page.waitForURL('**/dashboard');
      await page.goto('/dashboard/users');
      failures.push(...(await audit(`${theme} /dashboard/users (admin)`)));
      await page.goto('/dashboard/products');
      failures.push(...(await audit(`${theme} /dashboard/products (admin)`)));
      await banner(page).getByRole('button', { name: 'Log out' }).click();
    }
    expect(failures).toEqual([]);
  }, 120_000);

  it('takes screenshots of the three pages in light and dark', async () => {
    // A paid and a pending order beside the shipped one, so the dashboard shows its actions.
    const ada = createTrussClient({ baseUrl: t.server.url });
    await ada.auth.login({ body: { email: USER.email, password: USER.password } });
    const [one, two] = (await ada.products.list({ query: { limit: 5 } })).items.slice(3);
    const paid = await ada.orders.create({
      body: { items: [{ product_id: String(one?.id), quantity: 1 }] },
    });
    await ada.orders.pay({ params: { id: paid.id }, body: { payment_token: 'tok_success' } });
    await ada.orders.create({ body: { items: [{ product_id: String(two?.id), quantity: 2 }] } });

    const page = await newPage();
    await page.goto('/');
    await page.evaluate(() => localStorage.setItem('truss-theme', 'light'));
    await logIn(page, USER);
    await page.waitForURL('**/dashboard');
    const shots: string[] = [];
    for (const theme of ['light', 'dark'] as const) {
      for (const [name, path] of [
        ['home', '/'],
        ['dashboard', '/dashboard'],
        ['settings', '/settings'],
      ] as const) {
        await page.goto(path);
        await page.getByRole('heading', { level: 1 }).waitFor();
        await page.waitForLoadState('networkidle');
        const pressed = await banner(page)
          .getByRole('button', { name: 'Dark theme' })
          .getAttribute('aria-pressed');
        if ((pressed === 'true') !== (theme === 'dark')) {
          await banner(page).getByRole('button', { name: 'Dark theme' }).click();
        }
        expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe(theme);
        const file = join(SCREENSHOTS, `${name}-${theme}.png`);
        await page.screenshot({ path: file, fullPage: true });
        shots.push(file);
      }
    }
    for (const file of shots) expect((await stat(file)).size).toBeGreaterThan(10_000);
    expect(problems).toEqual([]);
  });
});
