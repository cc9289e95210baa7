// Signing in from a browser, in Debian's Chromium against the whole stack (apps/web/e2e/README.md): the app's page at
// /, a wrong password, a user created through the API signing in on the page and seeing their name, the token kept
// out of the page's reach (httpOnly cookie, nothing in storage), the strict CSP without a violation, an ended session
// sending the user back to sign in with a message, and sign-out.
import type { Page } from 'playwright-core';
import { createUser, screenshot, signInOnPage, startWebStack, TestUser, WebStack } from './support/browser';

jest.setTimeout(180_000);

describe('sign-in (web, Chromium)', () => {
  let web: WebStack | undefined;
  let accountant: TestUser;

  beforeAll(async () => {
    web = await startWebStack();
    accountant = await createUser(web.adminApi, ['accountant'], { name: 'Ayşe Accountant' });
  });

  afterAll(async () => {
    await web?.stop();
  });

  /** A new page in a fresh profile, collecting the page's errors and Content-Security-Policy violations. */
  async function freshPage(): Promise<{ page: Page; problems: string[] }> {
    const context = await web!.newContext();
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) problems.push(m.text());
    });
    return { page, problems };
  }

  it('serves the app at / with its title and the sign-in form', async () => {
    const { page, problems } = await freshPage();
    const res = await page.goto('/');
    expect(res?.status()).toBe(200);
    expect(res?.headers()['content-security-policy']).toContain("script-src 'self'");
    expect(await page.title()).toBe('Dental Finance');
    await page.getByLabel('Email').waitFor();
    await expect(page.getByLabel('Password').isVisible()).resolves.toBe(true);
    await expect(page.getByRole('button', { name: 'Sign in' }).isVisible()).resolves.toBe(true);
    await screenshot(page, 'sign-in');
    expect(problems).toEqual([]);
    // the bundle served is React's production build (a development build is 3-5x slower): none of React DOM's
    // development-only warnings in the entry script
    const entry = await page.evaluate('document.querySelector(\'script[type="module"]\').src');
    const script = await (await page.context().request.get(String(entry))).text();
    expect(script.length).toBeGreaterThan(10_000);
    expect(script).not.toContain('cannot be a child of');
  });

  it('refuses a wrong password with a message and sets no session', async () => {
    const { page } = await freshPage();
    await page.goto('/');
    await page.getByLabel('Email').fill(accountant.email);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').waitFor();
    await screenshot(page, 'sign-in-wrong-password');
    const cookies = await page.context().cookies();
    expect(cookies.map((c) => c.name)).not.toContain('df_session');
    await expect(page.getByText(accountant.name).count()).resolves.toBe(0);
  });

  it('signs a user created through the API in on the page and shows their name; the token stays out of reach', async () => {
    const { page, problems } = await freshPage();
    await page.goto('/');
    await signInOnPage(page, accountant);
    await screenshot(page, 'signed-in');
    const cookies = await page.context().cookies();
    const session = cookies.find((c) => c.name === 'df_session');
    expect(session).toEqual(expect.objectContaining({ httpOnly: true, sameSite: 'Strict', path: '/api' }));
    expect(cookies.find((c) => c.name === 'df_csrf')).toEqual(
      expect.objectContaining({ httpOnly: false, sameSite: 'Strict', path: '/' }),
    );
    // the page's script sees the CSRF token, never the session token, and keeps no token in storage
    // (an expression run in the page: this file is compiled for Node, without the DOM's types)
    const seen = (await page.evaluate(
      '({ cookie: document.cookie, storage: JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) })',
    )) as { cookie: string; storage: string };
    expect(seen.cookie).toContain('df_csrf=');
    expect(seen.cookie).not.toContain('df_session');
    expect(seen.storage).not.toContain(session!.value);
    // a reload keeps the session (the cookie, not the page's memory)
    await page.reload();
    await page.getByText(accountant.name, { exact: true }).first().waitFor();
    expect(problems).toEqual([]);
  });

  it('returns to the sign-in page saying "Your session has ended" when the session cookie is no longer valid', async () => {
    const { page } = await freshPage();
    await page.goto('/');
    await signInOnPage(page, accountant);
    // the first screen's requests done: the next request is the one the click below makes
    await page.waitForLoadState('networkidle');
    // the session ends on the server's side: the browser now holds a cookie the gateway refuses (401 SESSION_EXPIRED)
    const host = new URL(web!.baseUrl).hostname;
    await page.context().addCookies([
      {
        name: 'df_session',
        value: 'ended.session.token',
        domain: host,
        path: '/api',
        httpOnly: true,
        sameSite: 'Strict',
      },
    ]);
    const ended = await page.context().request.get('/api/v1/me');
    expect([ended.status(), (await ended.json()).code]).toEqual([401, 'AUTH.SESSION_EXPIRED']);
    // the click's request meets the ended session; on a loaded machine a late request of the first screen can meet it
    // first, and the page has already left for the sign-in page: either way the message must be there
    const message = page.getByText('Your session has ended', { exact: false });
    await page
      .getByRole('link', { name: 'Labs' })
      .click({ timeout: 10_000 })
      .catch(async (error: unknown) => {
        if (!(await message.count())) throw error;
      });
    await message.waitFor();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await screenshot(page, 'session-ended');
  });

  it('signs out: Sign out clears the session and shows the sign-in form again', async () => {
    const { page } = await freshPage();
    await page.goto('/');
    await signInOnPage(page, accountant);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await screenshot(page, 'signed-out');
    expect((await page.context().cookies()).map((c) => c.name)).not.toContain('df_session');
    const me = await page.context().request.get('/api/v1/me');
    expect(me.status()).toBe(401);
  });
});
