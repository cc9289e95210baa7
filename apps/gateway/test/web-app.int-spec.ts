// The gateway serving the built web app at `/` (WEB_ROOT) against real PostgreSQL and NATS: its files, the SPA
// fallback for pages, long-cached hashed assets, the strict Content-Security-Policy on the app's pages, the API,
// probes and /api/docs untouched, nothing outside the folder served, and a gateway without the folder still running.
import { startService } from '@dental/platform';
import { TestWorld } from '@dental/testing';
import { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { gatewayService } from '../src/gateway.definition';
import { WEB_APP_MISSING } from '../src/http/web-app';

jest.setTimeout(60_000);

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "frame-ancestors 'none'; base-uri 'self'; form-action 'self'";
const INDEX =
  '<!doctype html><html><head><title>Dental Finance</title></head><body><div id="root"></div></body></html>';
const ASSET = 'index-3f9a1c2b.js';
const SCRIPT = 'console.log("the app");';
const BIG_ASSET = 'vendor-9e8d7c6b.js';
const BIG_SCRIPT = `${'console.log("a bundle of some size");\n'.repeat(2000)}`;
const PAGE = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };

describe('the web app at / (integration, real PostgreSQL + NATS)', () => {
  const world = new TestWorld();
  // in a folder whose name starts with a dot (as `.data/…`): only the path below the root is checked for dotfiles
  const webRoot = mkdtempSync(join(tmpdir(), '.web-root-'));
  // beside the folder: must never be reachable through it
  const secretFile = `${webRoot}-secret.txt`;
  let gateway: INestApplication | undefined;
  let bare: INestApplication | undefined;

  const start = (service: string, root: string) =>
    startService(
      gatewayService,
      world.env(service, {
        JWT_SECRET: randomBytes(32).toString('hex'),
        ADMIN_PASSWORD: 'first-admin-password',
        RPC_TIMEOUT_MS: '500',
        // payments is not running here: the first start's retries are expected
        LOG_LEVEL: 'error',
        WEB_ROOT: root,
      }),
    ).then((s) => s.app);
  const http = () => request(gateway!.getHttpServer());

  beforeAll(async () => {
    mkdirSync(join(webRoot, 'assets'));
    writeFileSync(join(webRoot, 'index.html'), INDEX);
    writeFileSync(join(webRoot, 'assets', ASSET), SCRIPT);
    writeFileSync(join(webRoot, 'assets', BIG_ASSET), BIG_SCRIPT);
    writeFileSync(join(webRoot, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    writeFileSync(join(webRoot, '.env'), 'HIDDEN=dotfile');
    writeFileSync(secretFile, 'outside the web root');
    gateway = await start('gateway', webRoot);
    bare = await start('gateway_bare', join(webRoot, 'not-built'));
  });

  afterAll(async () => {
    try {
      await gateway?.close();
      await bare?.close();
    } finally {
      rmSync(webRoot, { recursive: true, force: true });
      rmSync(secretFile, { force: true });
      await world.cleanup();
    }
  });

  it('answers / with index.html, not cached without revalidation, under the strict CSP', async () => {
    const res = await http().get('/').set(PAGE);
    expect(res.status).toBe(200);
    expect(res.text).toBe(INDEX);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['content-security-policy']).toBe(CSP);
    // helmet's other headers stay
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    // a bare client (curl: */*) gets the page too at /
    expect((await http().get('/')).text).toBe(INDEX);
    const head = await http().head('/').set(PAGE);
    expect({ status: head.status, body: head.text ?? '' }).toEqual({ status: 200, body: '' });
  });

  it('serves a hashed file under /assets/ as immutable for a year', async () => {
    const res = await http().get(`/assets/${ASSET}`);
    expect(res.status).toBe(200);
    expect(res.text).toBe(SCRIPT);
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('sends the app files gzip-compressed to a browser that accepts it, the API as it was', async () => {
    const res = await http().get(`/assets/${BIG_ASSET}`).set('accept-encoding', 'gzip');
    expect([res.status, res.headers['content-encoding'], res.text]).toEqual([200, 'gzip', BIG_SCRIPT]);
    const plain = await http().get(`/assets/${BIG_ASSET}`).set('accept-encoding', 'identity');
    expect([plain.status, plain.headers['content-encoding'], plain.text.length]).toEqual([
      200,
      undefined,
      BIG_SCRIPT.length,
    ]);
    const docs = await http().get('/api/docs-json').set('accept-encoding', 'gzip');
    expect([docs.status, docs.headers['content-encoding']]).toEqual([200, undefined]);
  });

  it("answers the file server's own refusals with their status, never as a body error", async () => {
    const res = await http().get('/').set('range', 'bytes=999999-');
    expect([res.status, res.type, res.body.code]).toEqual([416, 'application/json', 'HTTP.416']);
    expect(res.body.message).not.toMatch(/body/);
  });

  it('serves other files of the folder revalidated (no-cache)', async () => {
    const res = await http().get('/favicon.svg');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(res.headers['cache-control']).toBe('no-cache');
  });

  it.each([
    '/finance',
    '/finance/labs?from=2026-01-01&tab=work-orders',
    '/work-orders/0b9f6a8e-2c1d-4e5f-9a7b-3c2d1e0f9a8b',
  ])('answers the page %s that a browser asks for with index.html (the app routes itself)', async (path) => {
    const res = await http().get(path).set(PAGE);
    expect({ status: res.status, text: res.text }).toEqual({ status: 200, text: INDEX });
    expect(res.headers['content-security-policy']).toBe(CSP);
    expect(res.headers['cache-control']).toBe('no-cache');
  });

  it('falls back only for GET pages: not for JSON, a missing asset, or a POST', async () => {
    const json = await http().get('/finance').set('accept', 'application/json');
    expect({ status: json.status, code: json.body.code }).toEqual({ status: 404, code: 'ROUTE.NOT_FOUND' });
    const asset = await http().get('/assets/index-00000000.js').set(PAGE);
    expect(asset.status).toBe(404);
    expect(asset.text).not.toBe(INDEX);
    const post = await http().post('/finance').set(PAGE).send({});
    expect({ status: post.status, code: post.body.code }).toEqual({ status: 404, code: 'ROUTE.NOT_FOUND' });
  });

  it('leaves the API, the probes and /api/docs as they were, even for a browser asking for HTML', async () => {
    const unknown = await http().get('/api/v1/no-such-route').set(PAGE);
    expect({ status: unknown.status, code: unknown.body.code }).toEqual({ status: 404, code: 'ROUTE.NOT_FOUND' });
    const me = await http().get('/api/v1/me').set(PAGE);
    expect({ status: me.status, code: me.body.code }).toEqual({ status: 401, code: 'AUTH.UNAUTHENTICATED' });
    expect(me.headers['content-security-policy']).not.toBe(CSP);
    const live = await http().get('/health/live').set(PAGE);
    expect({ status: live.status, type: live.headers['content-type'] }).toEqual({
      status: 200,
      type: expect.stringMatching(/^application\/json/),
    });
    const docs = await http().get('/api/docs/').set(PAGE);
    expect(docs.status).toBe(200);
    expect(docs.text).toContain('swagger-ui');
    expect(docs.headers['content-security-policy']).not.toBe(CSP);
    const spec = await http().get('/api/docs-json');
    expect({ status: spec.status, openapi: spec.body.openapi }).toEqual({ status: 200, openapi: '3.0.0' });
  });

  it('serves nothing outside the folder and no dotfile', async () => {
    const name = secretFile.split('/').pop()!;
    for (const path of [`/../${name}`, `/%2e%2e/${name}`, `/assets/..%2f..%2f${name}`, '/.env']) {
      const res = await http().get(path).set(PAGE);
      expect(res.text).not.toContain('outside the web root');
      expect(res.text).not.toContain('HIDDEN');
      expect([200, 400, 403, 404]).toContain(res.status);
    }
  });

  it('still starts without the folder: / is a plain 404 saying so, and the API answers', async () => {
    const res = await request(bare!.getHttpServer()).get('/').set(PAGE);
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toBe(WEB_APP_MISSING);
    const page = await request(bare!.getHttpServer()).get('/finance').set(PAGE);
    expect({ status: page.status, text: page.text }).toEqual({ status: 404, text: WEB_APP_MISSING });
    const me = await request(bare!.getHttpServer()).get('/api/v1/me');
    expect({ status: me.status, code: me.body.code }).toEqual({ status: 401, code: 'AUTH.UNAUTHENTICATED' });
    expect((await request(bare!.getHttpServer()).get('/health/live')).status).toBe(200);
    // built after the gateway started: served without a restart
    mkdirSync(join(webRoot, 'not-built'));
    writeFileSync(join(webRoot, 'not-built', 'index.html'), INDEX);
    const later = await request(bare!.getHttpServer()).get('/').set(PAGE);
    expect({ status: later.status, text: later.text }).toEqual({ status: 200, text: INDEX });
  });
});
