// The browser-test harness (apps/web/e2e/README.md): Debian's Chromium driven by playwright-core against the whole
// stack as production runs it (the six built services, the gateway serving the built web app), in a world of its own.
import { SERVICE_NAMES, ServiceName } from '@dental/contracts';
import { GatewayClient, LocalStack, TestWorld } from '@dental/testing';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { ensureBuilt, freePorts, repoRoot } from '@dental/testing';

export { GatewayClient };
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];
export const WEB_ROOT = join(repoRoot, 'dist/apps/web');
export const SCREENSHOTS = join(repoRoot, 'apps/web/e2e/screenshots');
const log = (line: string) => process.stdout.write(`[web-e2e] ${line}\n`);

/** Runs `work` while holding a lock directory under .data/ (web-spec files start in parallel). */
async function withLock<T>(name: string, work: () => T | Promise<T>, staleMs = 600_000): Promise<T> {
  const lock = join(repoRoot, '.data', name);
  mkdirSync(join(repoRoot, '.data'), { recursive: true });
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // a lock older than staleMs is a leftover of a killed run
      const since = statSync(lock, { throwIfNoEntry: false })?.mtimeMs;
      if (since !== undefined && Date.now() - since > staleMs) rmdirSync(lock);
      else await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    return await work();
  } finally {
    rmdirSync(lock);
  }
}

/**
 * Debian's Chromium at /usr/bin/chromium (Playwright's own browser download does not work here). When it is missing
 * and we are root it is installed once with apt-get; otherwise the error says what to run.
 */
export async function ensureChromium(): Promise<void> {
  if (existsSync(CHROMIUM)) return;
  if (process.getuid?.() !== 0)
    throw new Error(`${CHROMIUM} is missing: run (as root) apt-get update && apt-get install -y chromium`);
  await withLock('chromium-install.lock', () => {
    if (existsSync(CHROMIUM)) return;
    log('installing Debian chromium (apt-get), once');
    execFileSync('sh', ['-c', 'apt-get update && apt-get install -y --no-install-recommends chromium'], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  });
  if (!existsSync(CHROMIUM)) throw new Error(`apt-get install chromium left no ${CHROMIUM}`);
}

/** The newest modification time (ms) of the web app's sources (src/, public/, index.html, the Vite config). */
function newestWebSource(path: string): number {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newestWebSource(join(path, name))));
}

/** Why dist/apps/web must be built again, or null. */
export function webOutdated(): string | null {
  const index = join(WEB_ROOT, 'index.html');
  if (!existsSync(index)) return `${index} is missing`;
  const web = join(repoRoot, 'apps/web');
  const sources = ['src', 'public', 'index.html', 'vite.config.ts'].map((p) => newestWebSource(join(web, p)));
  // the typed client it bundles
  sources.push(newestWebSource(join(repoRoot, 'libs/api-client/src')));
  return Math.max(...sources) > statSync(index).mtimeMs ? 'a web source is newer than dist/apps/web' : null;
}

/** The services' dist/ (as the e2e tier builds it) and the web app's dist/apps/web, each built when outdated. */
export async function ensureWebBuilt(): Promise<void> {
  await ensureBuilt(log);
  await withLock('web-build.lock', () => {
    const why = webOutdated();
    if (!why) return;
    log(`building dist/apps/web: ${why}`);
    execFileSync(
      process.execPath,
      [
        join(repoRoot, 'node_modules/vite/bin/vite.js'),
        'build',
        '--config',
        'apps/web/vite.config.ts',
        '--logLevel',
        'warn',
      ],
      { cwd: repoRoot, stdio: 'inherit' },
    );
  });
}

export interface WebStack {
  world: TestWorld;
  stack: LocalStack;
  /** http://127.0.0.1:<port>: the gateway, serving the web app at / and the API at /api/v1 */
  baseUrl: string;
  admin: { email: string; password: string };
  /** The first admin, signed in to the API with a bearer token (to set up data the screens then show). */
  adminApi: GatewayClient;
  browser: Browser;
  /** A fresh browser profile (cookies, storage) on the stack; closed by stop(). */
  newContext(options?: { locale?: string }): Promise<BrowserContext>;
  stop(): Promise<void>;
}

/**
 * Everything a web-spec file needs, private to it: its own databases and bus prefix (a TestWorld), the six built
 * services on free ports with the gateway serving dist/apps/web, and a headless Chromium. Call `stop()` in afterAll.
 */
export async function startWebStack(): Promise<WebStack> {
  await ensureChromium();
  await ensureWebBuilt();
  const world = new TestWorld();
  const admin = { email: 'admin@example.com', password: randomBytes(12).toString('base64url') };
  const ports = await freePorts(SERVICE_NAMES.length);
  const envs = new Map<ServiceName, NodeJS.ProcessEnv>();
  SERVICE_NAMES.forEach((service, i) =>
    envs.set(
      service,
      world.env(service, {
        PORT: String(ports[i]),
        MIGRATE_ON_START: 'true',
        LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'info',
        ...(service === 'gateway'
          ? {
              JWT_SECRET: randomBytes(32).toString('hex'),
              ADMIN_EMAIL: admin.email,
              ADMIN_PASSWORD: admin.password,
              ORGANIZATION_NAME: 'Smile Chain',
              WEB_ROOT,
            }
          : {}),
      }),
    ),
  );
  const stack = new LocalStack({
    root: repoRoot,
    services: SERVICE_NAMES,
    env: (service) => envs.get(service)!,
    logDir: join(repoRoot, '.data/test-logs', world.tag),
    readyTimeoutMs: 90_000,
  });
  const contexts: BrowserContext[] = [];
  let browser: Browser | undefined;
  const stop = async () => {
    try {
      await Promise.allSettled(contexts.map((c) => c.close()));
      await browser?.close();
      await stack.stop();
    } finally {
      await world.cleanup();
    }
  };
  try {
    await stack.start();
    const baseUrl = stack.url('gateway');
    browser = await launchChromium();
    const adminApi = await GatewayClient.login(baseUrl, admin);
    // the first clinic is created in the background at the gateway's first start: the specs begin with it there
    for (const until = Date.now() + 60_000; !(await adminApi.get('/me')).body.clinics?.length;) {
      if (Date.now() > until) throw new Error('the first clinic was not created within 60 s');
      await new Promise((r) => setTimeout(r, 250));
    }
    const b = browser;
    return {
      world,
      stack,
      baseUrl,
      admin,
      adminApi,
      browser: b,
      newContext: async ({ locale = 'en-US' } = {}) => {
        const context = await b.newContext({ baseURL: baseUrl, locale, viewport: { width: 1280, height: 800 } });
        context.setDefaultTimeout(15_000);
        contexts.push(context);
        return context;
      },
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}

/** Debian's Chromium through playwright-core, headless, without the sandbox (root in CI) or background traffic. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

export interface TestUser {
  id: string;
  email: string;
  password: string;
  name: string;
  roles: string[];
}

/** A staff account created through the API by the admin (POST /users): a user of the given roles. */
export async function createUser(
  adminApi: GatewayClient,
  roles: string[],
  options: { name?: string; clinicIds?: string[] } = {},
): Promise<TestUser> {
  const user = {
    email: `${roles.join('-')}-${randomBytes(4).toString('hex')}@example.com`,
    password: `pw-${randomBytes(9).toString('base64url')}`,
    name: options.name ?? `Test ${roles.join(' ')} ${randomBytes(2).toString('hex')}`,
    roles,
    ...(options.clinicIds ? { clinicIds: options.clinicIds } : {}),
  };
  const res = await adminApi.call('POST', '/users', user);
  if (res.status !== 201) throw new Error(`POST /users answered ${res.status}: ${JSON.stringify(res.body)}`);
  return { id: res.body.id, email: user.email, password: user.password, name: user.name, roles };
}

/**
 * Signs in on the sign-in page as a person does (fields labelled Email and Password, the Sign in button) and waits
 * until the signed-in shell shows the user's name.
 */
export async function signInOnPage(page: Page, user: { email: string; password: string; name: string }): Promise<void> {
  if (!page.url().startsWith('http')) await page.goto('/');
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByText(user.name, { exact: true }).first().waitFor();
}

/**
 * Signs the browser profile in without the page (POST /api/v1/auth/session from the context, which keeps the
 * df_session and df_csrf cookies): for specs about another screen than sign-in.
 */
export async function signInByApi(context: BrowserContext, user: { email: string; password: string }): Promise<void> {
  const res = await context.request.post('/api/v1/auth/session', {
    data: { email: user.email, password: user.password },
  });
  if (res.status() !== 200) throw new Error(`POST /auth/session answered ${res.status()}: ${await res.text()}`);
}

/** A full-page PNG in apps/web/e2e/screenshots/<name>.png (gitignored): look at them after a run. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name.replace(/[^\w.-]+/g, '-')}.png`);
  // the screen as it settles (its data loaded), not its loading state; a page that keeps polling is taken after 5 s
  await page.waitForLoadState('networkidle', { timeout: 5_000 }).catch(() => undefined);
  await page.screenshot({ path, fullPage: true });
  return path;
}

const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's serious and critical violations on the page (evaluated over the DevTools protocol, which the CSP does not govern). */
export async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  const result = (await page.evaluate(
    'axe.run(document, { resultTypes: ["violations"] }).then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 3) })))',
  )) as { id: string; impact: string; nodes: string[] }[];
  return result
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.join(', ')}`);
}
