import type { INestApplication } from '@nestjs/common';
import compression from 'compression';
import express, { type NextFunction, type Request, type Response } from 'express';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The app pages' policy: only this origin's scripts, styles, images (and data: images), API and forms; no framing. */
export const WEB_APP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

export const WEB_APP_MISSING =
  'The web app is not built here: run `npm run build` (or set WEB_ROOT to the folder holding its index.html).';

/** Hashed by Vite (`/assets/index-3f9a1c2b.js`): the name changes with the content, so it may be cached for ever. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

/** Paths that belong to the API and the probes: never the web app's, never its fallback. */
const NOT_THE_APP = /^\/(api|health|metrics)(\/|$)/;

const isRead = (req: Request) => req.method === 'GET' || req.method === 'HEAD';
/** A browser navigating to a page says text/html explicitly (a bare curl's `*\/*` or a fetch of JSON does not). */
const wantsPage = (req: Request) => /(^|,)\s*text\/html\s*(;|,|$)/i.test(req.headers.accept ?? '');

/**
 * The built web app (apps/web, `npm run build` → dist/apps/web) at `/`: its files, `index.html` for any other page a
 * browser asks for (the app routes itself), long-cached hashed assets, and a strict Content-Security-Policy on its
 * pages. /api, /health and /metrics pass through untouched. Without the folder the API runs and `/` answers 404.
 */
export function serveWebApp(app: INestApplication, webRoot: string): void {
  const root = resolve(webRoot);
  const index = join(root, 'index.html');
  const files = express.static(root, {
    index: false,
    redirect: false,
    fallthrough: true,
    setHeaders: (res, path) => {
      res.setHeader('Content-Security-Policy', WEB_APP_CSP);
      const inAssets = path.startsWith(join(root, 'assets') + '/');
      res.setHeader('Cache-Control', inAssets ? IMMUTABLE : 'no-cache');
    },
  });
  // `root`: only the path below the web root is checked for dotfiles (a root under `.data/` is served); a file gone
  // between the check and the read is the API's 404, not the file server's error
  const page = (res: Response, next: NextFunction) =>
    res.sendFile(
      'index.html',
      { root, headers: { 'Content-Security-Policy': WEB_APP_CSP, 'Cache-Control': 'no-cache' }, lastModified: true },
      (err?: Error & { status?: number }) => (err ? next(err.status === 404 ? undefined : err) : undefined),
    );
  // the app's files gzip-compressed when the browser accepts it (the entry script: ~450 kB raw, ~140 kB gzip); the API
  // is left alone (its exports stream)
  const gzip = compression();
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (!isRead(req) || NOT_THE_APP.test(req.path)) return next();
    gzip(req, res, () => serve(req, res, next));
  });
  const serve = (req: Request, res: Response, next: NextFunction) => {
    // looked at per request: a build after the gateway started (or a folder removed) is seen without a restart
    if (!existsSync(index)) {
      if (req.path !== '/' && !wantsPage(req)) return next();
      res.status(404).type('text/plain; charset=utf-8').setHeader('Cache-Control', 'no-cache');
      return void res.send(WEB_APP_MISSING);
    }
    if (req.path === '/' || req.path === '/index.html') return page(res, next);
    files(req, res, () => (wantsPage(req) && !req.path.startsWith('/assets/') ? page(res, next) : next()));
  };
}
