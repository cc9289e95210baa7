#!/usr/bin/env node
// The Finance screen of the web app in Debian's Chromium (playwright-core) over the bench world's 1,000,000 work
// orders: what a person waits for, not what one API call takes.
//
//   node bench/finance-web.mjs [--samples 35] [--warmup 5] [--cold-loads 10] [--settle-ms 300] [--web head|dist|DIR]
//                              [--result finance-web]
//
// The built gateway (the dist copy, as the other scripts run it) serves the web app (WEB_ROOT) with reporting,
// work-orders and payments behind it (bench databases, bus prefix `bench`); the browser signs in as an accountant made
// once through the admin API (POST /users). Measured:
//   cold load      a new browser context (empty cache; the cookies of one POST /api/v1/auth/session): from the
//                  navigation to /finance/labs (and /finance/work-orders) until the table's body rows are on screen;
//                  1 untimed load of each, then `cold-loads` timed ones. The resource timings of the load (HTML, JS,
//                  CSS, /me, /labs, the Finance call) are kept to show where the time goes.
//   JS shipped     the JS and CSS responses the browser received for the first cold /finance/labs, each body gzipped
//                  here with node:zlib (level 9), against the total of the app's assets/ folder.
// The web app: by default the committed apps/web built here with NODE_ENV=production (--web dist: dist/apps/web as
// it is; --web DIR: a built folder; see prepareWeb).
//   filter change  one page, signed in, the page's Date shifted to 2025-12-15 (the world ends 2025-12-31, so the
//                  quick ranges land on data; timers and performance.now() untouched). Series: Dental lab (Dental
//                  Labs tab, one lab after the other), Payment method and Quick range (Dental Labs tab), Payment
//                  status (Work Orders tab); each change leads to a query this page has not asked before (a value
//                  already shown would come from the client's cache, staleTime 30 s), the page is reloaded when a
//                  series runs out of new values. `warmup` changes per series are not counted, then `samples` are.
//   tab switch     Dental Labs <-> Work Orders by clicking the tab: the first switch after a load asks the API
//                  ("fresh"), the switch back shows the other tab from the client's cache ("cached").
// How a change is timed, inside the page (one clock, performance.now()): t0 when the browser dispatches the user's
// `input` (select) or `click` (tab) event; "shown" when a MutationObserver sees the panel show the right tab with a
// table whose body + totals text differs from before the action and is not the kept-previous (stale) data, or the
// empty state; "on screen" = the frame after that (requestAnimationFrame, then a task). Each sample also keeps the
// Finance API request(s) it caused (Resource Timing: start, first byte, end), so a slow sample splits into before
// the request / the request / after the response (JSON, React, layout). After each sample the page must be quiet
// (no Finance request in flight for `settle-ms`); a sample whose rows changed again after they were shown, or that
// sent more than one Finance request, is counted. Last, every sampled API call is sent again from Node (bearer
// token, sequential): the server's share without the browser.
// Results: bench/results/finance-web.json (--result NAME: NAME.json). Needs the bench world (node
// bench/generate.mjs) and /usr/bin/chromium.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  api,
  benchOrganization,
  loadAverage,
  log,
  login,
  machine,
  option,
  require,
  ROOT,
  round,
  RUN_ROOT,
  saveResult,
  snapshotDist,
  startStack,
  summary,
} from './lib/common.mjs';

const { chromium } = require('playwright-core');

const SAMPLES = Number(option('samples', 35));
const WARMUP = Number(option('warmup', 5));
const COLD_LOADS = Number(option('cold-loads', 10));
const SETTLE_MS = Number(option('settle-ms', 300));
const WEB = option('web', 'head');
const RESULT = option('result', 'finance-web');
const TARGETS = { filterP95Ms: 300, firstScreenJsGzipKb: 300 };
/** The browser's "today" for the filter series: inside the world's last month, so every quick range has rows. */
const BROWSER_TODAY = '2025-12-15T12:00:00Z';
const ACCOUNTANT = {
  email: 'bench-accountant@example.com',
  password: 'bench-accountant-password',
  name: 'Bench Accountant',
  roles: ['accountant'],
};
// as apps/web/e2e/support/browser.ts launches it
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];
const FINANCE_API = '/api/v1/finance/';

/**
 * Runs in every page before its own scripts (context.addInitScript): window.__bench.first (the first time the
 * panel shows table rows after the navigation) and arm()/sample for one timed change. Times are performance.now().
 */
function pageProbe({ today } = {}) {
  if (today) {
    // Date only, shifted to `today` and running on: performance.now(), timers and frames stay the browser's own
    // (Playwright's clock replaces those too, which moved the timings of this probe)
    const RealDate = Date;
    const offset = RealDate.parse(today) - RealDate.now();
    const ShiftedDate = function (...args) {
      if (!new.target) return new RealDate(RealDate.now() + offset).toString();
      return args.length ? new RealDate(...args) : new RealDate(RealDate.now() + offset);
    };
    ShiftedDate.prototype = RealDate.prototype;
    ShiftedDate.now = () => RealDate.now() + offset;
    ShiftedDate.parse = RealDate.parse;
    ShiftedDate.UTC = RealDate.UTC;
    window.Date = ShiftedDate;
  }
  const bench = { first: null, pending: null };
  window.__bench = bench;
  const round1 = (x) => Math.round(x * 10) / 10;
  performance.setResourceTimingBufferSize(100_000);
  const selectedTab = () => document.querySelector('[role="tab"][aria-selected="true"]')?.id?.replace(/^tab-/, '');
  /** What the Finance panel shows: rows, empty, error, loading, stale (the previous filter's rows kept) or none. */
  const view = () => {
    const panel = document.getElementById('finance-panel');
    if (!panel) return { state: 'none' };
    const tab = selectedTab();
    const error = panel.querySelector('.state-error');
    if (error) return { state: 'error', text: error.textContent, tab };
    if (panel.querySelector('.state-loading')) return { state: 'loading', tab };
    const empty = panel.querySelector('.state-empty');
    if (empty) return { state: 'empty', text: `empty: ${empty.textContent}`, tab, rows: 0 };
    const table = panel.querySelector('table.data-table');
    if (!table) return { state: 'none', tab };
    const body = table.tBodies[0];
    const rows = body?.rows.length ?? 0;
    const text = `${body?.textContent ?? ''} | ${table.tFoot?.textContent ?? ''}`;
    return { state: table.closest('.stale') ? 'stale' : rows ? 'rows' : 'none', text, tab, rows };
  };
  /** The frame after the DOM change: requestAnimationFrame runs before the paint, the task after it. */
  const afterFrame = (record) => requestAnimationFrame(() => setTimeout(() => record(performance.now()), 0));
  const check = () => {
    if (!bench.first) {
      const v = view();
      if (v.state === 'rows' && v.tab === location.pathname.split('/')[2]) {
        bench.first = { shown: performance.now(), rows: v.rows };
        afterFrame((t) => (bench.first.frame = t));
      }
    }
    const p = bench.pending;
    if (p && p.t0 !== null && p.shown === null) {
      const v = view();
      if (v.state === 'error') {
        p.shown = performance.now();
        p.error = v.text;
        p.resolve();
      } else if ((v.state === 'rows' || v.state === 'empty') && v.tab === p.tab && v.text !== p.before) {
        p.shown = performance.now();
        p.text = v.text;
        p.rows = v.rows;
        afterFrame((t) => {
          p.frame = t;
          p.resolve();
        });
      }
    }
  };
  new MutationObserver(check).observe(document, {
    subtree: true,
    childList: true,
    characterData: true,
    attributes: true,
    attributeFilter: ['class', 'aria-selected'],
  });
  for (const type of ['input', 'click']) {
    addEventListener(
      type,
      () => {
        const p = bench.pending;
        if (p && p.t0 === null && p.event === type) p.t0 = performance.now();
      },
      { capture: true },
    );
  }
  /** Before an action: what the panel shows now, and a promise for when it shows something else on `tab`. */
  bench.arm = (tab, event) => {
    const p = { tab, event, before: view().text, t0: null, shown: null, frame: null };
    p.done = new Promise((resolve) => (p.resolve = resolve));
    bench.pending = p;
  };
  bench.view = view;
  /** The sample, with the Finance API calls made since the action (Resource Timing, relative to t0). */
  bench.result = () => {
    const p = bench.pending;
    const calls = performance
      .getEntriesByType('resource')
      .filter((e) => e.name.includes('/api/v1/finance/') && e.startTime >= p.t0 - 1)
      .map((e) => ({
        url: e.name.slice(e.name.indexOf('/api/')),
        start: e.startTime - p.t0,
        firstByte: e.responseStart - p.t0,
        end: e.responseEnd - p.t0,
        bytes: e.decodedBodySize,
      }));
    return {
      ms: p.frame - p.t0,
      domMs: p.shown - p.t0,
      rows: p.rows,
      error: p.error,
      text: p.text,
      nowText: view().text,
      calls,
    };
  };
  /** The navigation's resource timings, relative to its start (performance.timeOrigin). */
  bench.loadTimings = () =>
    performance.getEntriesByType('resource').map((e) => ({
      url: e.name.replace(location.origin, ''),
      type: e.initiatorType,
      start: round1(e.startTime),
      firstByte: round1(e.responseStart),
      end: round1(e.responseEnd),
      transfer: e.transferSize,
      encoded: e.encodedBodySize,
      decoded: e.decodedBodySize,
    }));
}

/** The accountant of the bench world (made once through the admin API; the same on every run). */
async function ensureAccountant(gateway) {
  const res = await fetch(`${gateway}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: ACCOUNTANT.email, password: ACCOUNTANT.password }),
  });
  if (res.ok) return (await res.json()).accessToken;
  const admin = await login(gateway);
  await api(gateway, admin, 'POST', '/users', ACCOUNTANT);
  log(`accountant ${ACCOUNTANT.email} created through POST /users`);
  const again = await fetch(`${gateway}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: ACCOUNTANT.email, password: ACCOUNTANT.password }),
  });
  if (!again.ok) throw new Error(`the accountant cannot log in: ${again.status}`);
  return (await again.json()).accessToken;
}

/**
 * Signs the accountant in once (POST /api/v1/auth/session from a browser context: the df_session / df_csrf cookies)
 * and returns the cookies as a storage state: every context starts from them (the sign-in is throttled per client,
 * and a cold load is about the page, not the sign-in).
 */
async function signIn(browser, baseURL) {
  const context = await browser.newContext({ baseURL });
  try {
    const res = await context.request.post('/api/v1/auth/session', {
      data: { email: ACCOUNTANT.email, password: ACCOUNTANT.password },
    });
    if (res.status() !== 200) throw new Error(`POST /auth/session answered ${res.status()}: ${await res.text()}`);
    return await context.storageState();
  } finally {
    await context.close();
  }
}

/** A new browser context (empty cache) with the accountant's cookies and the page probe. */
async function signedInContext(browser, baseURL, storageState, { today } = {}) {
  const context = await browser.newContext({
    baseURL,
    storageState,
    locale: 'en-US',
    viewport: { width: 1280, height: 800 },
  });
  context.setDefaultTimeout(60_000);
  await context.addInitScript(pageProbe, { today });
  return context;
}

/** Finance API requests of a page in flight, and a count of those started (to see a change that fetches twice). */
function trackFinanceRequests(page) {
  const inFlight = new Set();
  const t = { started: 0, failed: [], lastChange: performance.now(), inFlight };
  const done = (r) => {
    if (inFlight.delete(r)) t.lastChange = performance.now();
  };
  page.on('request', (r) => {
    if (!r.url().includes(FINANCE_API)) return;
    inFlight.add(r);
    t.started++;
    t.lastChange = performance.now();
  });
  page.on('requestfinished', done);
  page.on('requestfailed', (r) => {
    if (r.url().includes(FINANCE_API)) t.failed.push(`${r.url()}: ${r.failure()?.errorText}`);
    done(r);
  });
  return t;
}

/** Until no Finance request has been in flight for SETTLE_MS. */
async function settle(tracker, timeoutMs = 60_000) {
  const deadline = performance.now() + timeoutMs;
  while (tracker.inFlight.size > 0 || performance.now() - tracker.lastChange < SETTLE_MS) {
    if (performance.now() > deadline) throw new Error('the page did not settle (a Finance request in flight)');
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Opens `path` in the page and waits for its table rows (and the quiet after them); the load time as measured. */
async function load(page, tracker, path) {
  await page.goto(path, { waitUntil: 'commit' });
  try {
    await page.waitForFunction(() => window.__bench?.first?.frame !== undefined, null, { polling: 50 });
  } catch (e) {
    const text = await page.evaluate(() => document.body?.innerText.slice(0, 1000)).catch(() => '');
    const view = await page.evaluate(() => window.__bench?.view()).catch(() => undefined);
    throw new Error(`no rows at ${page.url()}: ${JSON.stringify(view)}\n${text}\n${e.message}`);
  }
  await settle(tracker);
  return page.evaluate(() => window.__bench.first);
}

/** One timed action: arm the probe, act, wait until the panel shows the new rows, then for quiet. */
async function timedChange(page, tracker, { tab, event, act }) {
  await page.evaluate(([t, e]) => window.__bench.arm(t, e), [tab, event]);
  const startedBefore = tracker.started;
  const shown = page.evaluate(() => window.__bench.pending.done);
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(async () => {
      const now = await page.evaluate(() => window.__bench.view()).catch(() => undefined);
      reject(new Error(`no new rows on ${tab} 60 s after the action (${page.url()}): ${JSON.stringify(now)}`));
    }, 60_000);
  });
  const t0 = performance.now();
  await act();
  await Promise.race([shown, timeout]).finally(() => clearTimeout(timer));
  const nodeMs = performance.now() - t0;
  await settle(tracker);
  const r = await page.evaluate(() => window.__bench.result());
  if (r.error) throw new Error(`the panel shows an error: ${r.error}`);
  // the call that delivered the rows: the last one that ended before they were shown
  const delivering = r.calls.filter((c) => c.end <= r.domMs + 1).at(-1);
  return {
    ms: round(r.ms),
    domMs: round(r.domMs),
    nodeMs: round(nodeMs),
    rows: r.rows,
    requests: tracker.started - startedBefore,
    changedAfterShown: r.nowText !== r.text,
    beforeRequestMs: delivering ? round(delivering.start) : null,
    requestMs: delivering ? round(delivering.end - delivering.start) : null,
    firstByteMs: delivering ? round(delivering.firstByte - delivering.start) : null,
    afterResponseMs: delivering ? round(r.domMs - delivering.end) : null,
    frameMs: round(r.ms - r.domMs),
    url: delivering?.url ?? null,
    bytes: delivering?.bytes ?? null,
  };
}

const selectIn = (page, label, value) => () => page.getByLabel(label, { exact: true }).selectOption(value);
const clickTab = (page, name) => () => page.getByRole('tab', { name }).click();

/**
 * The filter series. Each cycle opens `base` (a fresh page state, so the client's cache is empty) and then makes the
 * timed changes of `steps(cycle)`, each to a state not shown since that load.
 */
function seriesPlan(page, labIds) {
  const methods = ['cash', 'card', 'bank_transfer', 'check', 'other'];
  const statuses = ['unpaid', 'partially_paid', 'paid', 'overpaid'];
  const ranges = ['thisMonth', 'lastMonth', 'thisYear', 'last30'];
  return [
    {
      name: 'lab',
      title: 'Dental lab (Dental Labs tab: all labs, then one lab after the other)',
      base: '/finance/labs',
      steps: () =>
        labIds.map((id) => ({ kind: 'lab', tab: 'labs', event: 'input', act: selectIn(page, 'Dental lab', id) })),
    },
    {
      name: 'paymentMethod',
      title: 'Payment method (Dental Labs tab, all labs, any time: one method after the other)',
      base: '/finance/labs',
      steps: () =>
        methods.map((m) => ({
          kind: 'paymentMethod',
          tab: 'labs',
          event: 'input',
          act: selectIn(page, 'Payment method', m),
        })),
    },
    {
      name: 'paymentStatus',
      title: 'Payment status (Work Orders tab, all labs, any time, newest first)',
      base: '/finance/work-orders',
      steps: () =>
        statuses.map((s) => ({
          kind: 'paymentStatus',
          tab: 'work-orders',
          event: 'input',
          act: selectIn(page, 'Payment status', s),
        })),
    },
    {
      name: 'quickRange',
      title: `Quick range (Dental Labs tab, all labs; browser's today ${BROWSER_TODAY.slice(0, 10)})`,
      base: '/finance/labs',
      steps: () =>
        ranges.map((r) => ({ kind: 'quickRange', tab: 'labs', event: 'input', act: selectIn(page, 'Quick range', r) })),
    },
    {
      name: 'tab',
      title: 'Tab switch: the first after a load asks the API (fresh), the way back is cached',
      base: (cycle) => (cycle % 2 === 0 ? '/finance/labs' : '/finance/work-orders'),
      steps: (cycle) => {
        const [there, back] =
          cycle % 2 === 0
            ? [
                ['work-orders', 'Work Orders'],
                ['labs', 'Dental Labs'],
              ]
            : [
                ['labs', 'Dental Labs'],
                ['work-orders', 'Work Orders'],
              ];
        return [
          { kind: 'tabFresh', tab: there[0], event: 'click', act: clickTab(page, there[1]) },
          { kind: 'tabCached', tab: back[0], event: 'click', act: clickTab(page, back[1]) },
        ];
      },
    },
  ];
}

/** Runs one series until it has WARMUP + SAMPLES samples of each kind; returns the samples by kind. */
async function runSeries(page, tracker, series) {
  const byKind = {};
  const reloads = [];
  const enough = () =>
    Object.values(byKind).length > 0 && Object.values(byKind).every((s) => s.length >= WARMUP + SAMPLES);
  for (let cycle = 0; !enough(); cycle++) {
    const base = typeof series.base === 'function' ? series.base(cycle) : series.base;
    const first = await load(page, tracker, base);
    reloads.push(round(first.frame));
    for (const step of series.steps(cycle)) {
      const sample = await timedChange(page, tracker, step);
      (byKind[step.kind] ??= []).push(sample);
      if (enough()) break;
    }
  }
  return { byKind, reloads };
}

function describe(samples) {
  const timed = samples.slice(WARMUP);
  const part = (key) => {
    const values = timed.map((s) => s[key]).filter((v) => v !== null);
    return values.length ? summary(values) : null;
  };
  return {
    ...summary(timed.map((s) => s.ms)),
    inDom: part('domMs'),
    beforeRequest: part('beforeRequestMs'),
    request: part('requestMs'),
    afterResponse: part('afterResponseMs'),
    frame: part('frameMs'),
    nodeSide: part('nodeMs'),
    overTarget: timed.filter((s) => s.ms >= TARGETS.filterP95Ms).length,
    withoutRequest: timed.filter((s) => s.requests === 0).length,
    withMoreThanOneRequest: timed.filter((s) => s.requests > 1).length,
    changedAfterShown: timed.filter((s) => s.changedAfterShown).length,
    warmup: samples.slice(0, WARMUP),
    samples: timed,
  };
}

/** One cold load of `path` in a new context: until the rows are on screen, with its resource timings. */
async function coldLoad(browser, baseURL, storageState, path, { recordResponses = false } = {}) {
  const context = await signedInContext(browser, baseURL, storageState);
  try {
    const page = await context.newPage();
    const tracker = trackFinanceRequests(page);
    const responses = [];
    if (recordResponses) {
      page.on('response', (res) => {
        const type = res.request().resourceType();
        if (type === 'script' || type === 'stylesheet' || type === 'document')
          responses.push(
            res.body().then((body) => ({ url: res.url(), type, status: res.status(), headers: res.headers(), body })),
          );
      });
    }
    const t0 = performance.now();
    const first = await load(page, tracker, path);
    const nodeMs = performance.now() - t0;
    const timings = await page.evaluate(() => window.__bench.loadTimings());
    const nav = await page.evaluate(() => {
      const n = performance.getEntriesByType('navigation')[0];
      return { responseEnd: n.responseEnd, domContentLoaded: n.domContentLoadedEventEnd, load: n.loadEventEnd };
    });
    return {
      ms: round(first.frame),
      domMs: round(first.shown),
      nodeMs: round(nodeMs),
      rows: first.rows,
      navigation: Object.fromEntries(Object.entries(nav).map(([k, v]) => [k, round(v, 1)])),
      timings,
      responses: await Promise.all(responses),
    };
  } finally {
    await context.close();
  }
}

/** What the first screen shipped: raw, on the wire and gzipped (level 9) per JS / CSS file. */
function shipped(responses) {
  const files = responses
    .filter((r) => r.type !== 'document')
    .map((r) => ({
      url: new URL(r.url).pathname,
      type: r.type,
      bytes: r.body.length,
      contentEncoding: r.headers['content-encoding'] ?? null,
      cacheControl: r.headers['cache-control'] ?? null,
      gzipBytes: gzipSync(r.body, { level: 9 }).length,
    }));
  const total = (type, key) => files.filter((f) => f.type === type).reduce((s, f) => s + f[key], 0);
  const kb = (bytes) => round(bytes / 1024, 1);
  return {
    files,
    jsKb: kb(total('script', 'bytes')),
    jsGzipKb: kb(total('script', 'gzipBytes')),
    cssKb: kb(total('stylesheet', 'bytes')),
    cssGzipKb: kb(total('stylesheet', 'gzipBytes')),
    servedCompressed: files.some((f) => f.contentEncoding),
  };
}

/** The built app's assets/ (what the gateway serves), for context: every JS / CSS file, and the source maps. */
function distAssets(webRoot) {
  const dir = join(webRoot, 'assets');
  const out = { js: { files: 0, kb: 0, gzipKb: 0 }, css: { files: 0, kb: 0, gzipKb: 0 }, maps: { files: 0, kb: 0 } };
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const kind = name.endsWith('.map') ? 'maps' : name.endsWith('.js') ? 'js' : name.endsWith('.css') ? 'css' : null;
    if (!kind) continue;
    out[kind].files++;
    out[kind].kb += statSync(path).size / 1024;
    if (kind !== 'maps') out[kind].gzipKb += gzipSync(readFileSync(path), { level: 9 }).length / 1024;
  }
  for (const v of Object.values(out)) for (const k of ['kb', 'gzipKb']) if (k in v) v[k] = round(v[k], 1);
  return out;
}

/**
 * The web app the gateway serves, in a temporary folder outside the repo (the gateway's res.sendFile refuses a path
 * with a dot segment such as .data/ as a "dotfile": a 404 answered as a 400 about the request body):
 *   head  (default) the committed apps/web and libs/api-client (git archive HEAD; the working tree is not read),
 *         built with Vite and NODE_ENV=production, as `npm run build` does from a clean shell;
 *   dist  dist/apps/web as it is (the copy in .data/bench/root), whoever built it and however;
 *   DIR   any other built web app folder (index.html + assets/), e.g. a patched copy built to try a fix.
 * A build made with NODE_ENV set to something else (jest sets "test"; the web specs build the app when it is
 * outdated) bundles React's development build: `react` says which one the measured app has.
 */
function prepareWeb() {
  const dir = mkdtempSync(join(os.tmpdir(), 'bench-finance-web-'));
  const git = (...args) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
  const facts = {
    source: WEB,
    head: git('rev-parse', '--short', 'HEAD'),
    // what a `dist` run may contain on top of HEAD
    uncommitted: git('status', '--porcelain', '--', 'apps/web', 'libs/api-client').split('\n').filter(Boolean),
  };
  let root;
  try {
    if (WEB === 'head') {
      execFileSync(
        'sh',
        ['-c', `git archive HEAD apps/web libs/api-client tsconfig.base.json tsconfig.json | tar -x -C '${dir}'`],
        {
          cwd: ROOT,
        },
      );
      symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
      const t0 = performance.now();
      execFileSync(
        process.execPath,
        [
          join(ROOT, 'node_modules/vite/bin/vite.js'),
          'build',
          '--config',
          'apps/web/vite.config.ts',
          '--logLevel',
          'warn',
        ],
        { cwd: dir, env: { ...process.env, NODE_ENV: 'production' }, stdio: 'inherit' },
      );
      facts.buildSeconds = round((performance.now() - t0) / 1000, 1);
      root = join(dir, 'dist/apps/web');
    } else if (WEB === 'dist') {
      const distIndex = join(ROOT, 'dist/apps/web/index.html');
      facts.distBuiltAt = existsSync(distIndex) ? statSync(distIndex).mtime.toISOString() : null;
      root = join(dir, 'web');
      cpSync(join(RUN_ROOT, 'dist/apps/web'), root, { recursive: true });
    } else {
      // a web app built elsewhere (e.g. a patched copy, to try a fix without touching the tree): served as it is
      if (!existsSync(join(WEB, 'index.html'))) throw new Error(`--web ${WEB}: head, dist or a built web app folder`);
      root = join(dir, 'web');
      cpSync(WEB, root, { recursive: true });
    }
    // copied while a build was writing it (a colleague's `npm run build`): index.html or a file it names is missing
    const index = join(root, 'index.html');
    const named = existsSync(index)
      ? [...readFileSync(index, 'utf8').matchAll(/(?:src|href)="\/(assets\/[^"]+)"/g)]
      : [];
    if (!named.length || named.some(([, file]) => !existsSync(join(root, file))))
      throw new Error('dist/apps/web is missing or incomplete (a build is running?): npm run build, or try again');
    facts.entry = named.map(([, file]) => file);
    const js = readdirSync(join(root, 'assets'))
      .filter((f) => f.endsWith('.js'))
      .map((f) => readFileSync(join(root, 'assets', f), 'utf8'))
      .join('\n');
    // a message only React's development build carries
    facts.react = js.includes('Each child in a list should have a unique') ? 'development' : 'production';
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  return { ...facts, dir, root };
}

/** Every sampled API call once more from Node, sequential, with the accountant's bearer token. */
async function replay(gateway, token, urls) {
  const times = [];
  for (const url of urls) {
    const t0 = performance.now();
    const res = await fetch(`${gateway}${url}`, { headers: { authorization: `Bearer ${token}` } });
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`GET ${url} answered ${res.status}`);
    times.push(performance.now() - t0);
  }
  return times.length ? summary(times) : null;
}

async function main() {
  const org = await benchOrganization();
  const facts = await machine();
  log(`load average at start: ${facts.loadAverage.join(' ')}`);
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium`);
  snapshotDist();
  const web = prepareWeb();
  log(`web app: ${web.source}, React ${web.react} build, entry ${web.entry.join(', ')}`);
  const loads = [];
  const loadTimer = setInterval(() => loads.push(loadAverage()[0]), 10_000);
  const webFacts = Object.fromEntries(Object.entries(web).filter(([k]) => k !== 'dir' && k !== 'root'));
  const result = { machine: facts, organization: org.name, web: webFacts, samples: SAMPLES, warmup: WARMUP };
  let stack;
  let browser;
  try {
    stack = await startStack(['payments', 'work-orders', 'reporting', 'gateway'], {
      runName: 'web',
      extraEnv: (s) => (s === 'gateway' ? { WEB_ROOT: web.root } : {}),
    });
    const gateway = stack.url('gateway');
    const token = await ensureAccountant(gateway);
    const labs = (await api(gateway, token, 'GET', '/labs')).items;
    log(`stack up (gateway ${gateway}, serving ${web.root}); ${labs.length} labs`);
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    const storageState = await signIn(browser, gateway);

    // ---- cold loads ---------------------------------------------------------------------------------------------
    result.coldLoad = {};
    for (const path of ['/finance/labs', '/finance/work-orders']) {
      const runs = [];
      for (let i = 0; i <= COLD_LOADS; i++) {
        const run = await coldLoad(browser, gateway, storageState, path, {
          recordResponses: path === '/finance/labs' && i === 1,
        });
        if (run.responses.length) result.firstScreen = shipped(run.responses);
        delete run.responses;
        if (i > 0) runs.push(run); // the first load of each warms the server
      }
      result.coldLoad[path] = { ...summary(runs.map((r) => r.ms)), runs };
      log(`cold load ${path}: rows on screen p50 ${result.coldLoad[path].p50} / p95 ${result.coldLoad[path].p95} ms`);
    }
    result.distAssets = distAssets(web.root);
    log(
      `first screen shipped JS ${result.firstScreen.jsKb} kB (gzip ${result.firstScreen.jsGzipKb} kB), ` +
        `CSS ${result.firstScreen.cssKb} kB (gzip ${result.firstScreen.cssGzipKb} kB); ` +
        `dist assets JS ${result.distAssets.js.kb} kB (gzip ${result.distAssets.js.gzipKb} kB)`,
    );

    // ---- filter changes and tab switches, one page ---------------------------------------------------------------
    const context = await signedInContext(browser, gateway, storageState, { today: BROWSER_TODAY });
    const page = await context.newPage();
    const tracker = trackFinanceRequests(page);
    result.series = {};
    result.reloads = [];
    for (const series of seriesPlan(
      page,
      labs.map((l) => l.id),
    )) {
      const { byKind, reloads } = await runSeries(page, tracker, series);
      result.reloads.push(...reloads);
      for (const [kind, samples] of Object.entries(byKind)) {
        result.series[kind] = { title: series.title, ...describe(samples) };
        const s = result.series[kind];
        log(
          `${kind}: p50 ${s.p50} / p95 ${s.p95} / max ${s.max} ms (request p95 ${s.request?.p95 ?? '-'}, ` +
            `after response p95 ${s.afterResponse?.p95 ?? '-'}); >1 request: ${s.withMoreThanOneRequest}, ` +
            `rows changed again: ${s.changedAfterShown}`,
        );
      }
    }
    if (tracker.failed.length) result.failedRequests = tracker.failed;
    await context.close();
    const filterKinds = ['lab', 'paymentMethod', 'paymentStatus', 'quickRange'];
    const allFilters = filterKinds.flatMap((k) => result.series[k].samples);
    result.filtersTogether = summary(allFilters.map((s) => s.ms));
    result.reloadToRows = summary(result.reloads);

    // ---- the same API calls without the browser ------------------------------------------------------------------
    result.apiAlone = {};
    for (const kind of [...filterKinds, 'tabFresh']) {
      const urls = result.series[kind].samples.map((s) => s.url).filter(Boolean);
      result.apiAlone[kind] = await replay(gateway, token, urls);
      log(`${kind} API alone (Node): p50 ${result.apiAlone[kind]?.p50} / p95 ${result.apiAlone[kind]?.p95} ms`);
    }
  } finally {
    clearInterval(loadTimer);
    await browser?.close();
    await stack?.stop();
    rmSync(web.dir, { recursive: true, force: true });
  }
  result.loadAverageAtEnd = loadAverage();
  result.loadAverageDuring = loads.length ? { min: Math.min(...loads), max: Math.max(...loads), samples: loads } : null;

  const below = (value, limit, unit) => `${value} ${unit} < ${limit} ${unit}: ${value < limit ? 'MET' : 'MISSED'}`;
  const p95 = (kind) => result.series[kind].p95;
  const cold = (path) => `${result.coldLoad[path].p50} / ${result.coldLoad[path].p95} ms`;
  result.targets = {
    'filter change p95, all filters': below(result.filtersTogether.p95, TARGETS.filterP95Ms, 'ms'),
    ...Object.fromEntries(
      ['lab', 'paymentMethod', 'paymentStatus', 'quickRange'].map((k) => [
        `filter change p95, ${k}`,
        below(p95(k), TARGETS.filterP95Ms, 'ms'),
      ]),
    ),
    'tab switch p95 (fresh / cached)': `${p95('tabFresh')} / ${p95('tabCached')} ms`,
    'cold load to rows p50 / p95, labs': cold('/finance/labs'),
    'cold load to rows p50 / p95, work orders': cold('/finance/work-orders'),
    'first screen JS gzip': below(result.firstScreen.jsGzipKb, TARGETS.firstScreenJsGzipKb, 'kB'),
  };
  console.table(result.targets);
  saveResult(RESULT, result);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
