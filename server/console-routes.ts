import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { Router, type RequestHandler } from 'express';
import { packageFile, projectDir } from './package-file.js';

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * Self only, and nothing inline: the console handles clerks' credentials and prints licences, so a
 * script injected through a registered name (or a compromised CDN, of which there is none) must
 * not run. `connect-src 'self'` covers /graphql over HTTP and the graphql-ws socket on the same
 * host; the QR code is inline SVG, so no `data:` images are needed.
 */
export const CONSOLE_CSP = [
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

const securityHeaders: RequestHandler = (_req, res, next) => {
  res.set({
    'content-security-policy': CONSOLE_CSP,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  });
  next();
};

/**
 * The registration window's console (一窗受理) at `/console` and the public licence check at
 * `/verify`: static pages and their libraries (the graphql-ws browser client, qrcode-generator),
 * all from the hub. The pages hold no data: everything comes through /graphql with the clerk's
 * bearer token (or none, for /verify), under the hub's one access decision.
 */
export function consoleRoutes(): Router {
  const router = Router();
  const pageDir = projectDir(here, 'console', 'index.html');
  const vendor: Record<string, string> = {
    'graphql-ws.min.js': packageFile('graphql-ws', 'umd/graphql-ws.min.js'),
    'qrcode.js': packageFile('qrcode-generator', 'dist/qrcode.js'),
  };
  const page =
    (file: string): RequestHandler =>
    (_req, res) => {
      res.set('cache-control', 'no-cache').type('html').sendFile(path.join(pageDir, file));
    };
  router.use(['/console', '/verify'], securityHeaders);
  router.get('/console', page('index.html'));
  router.get('/verify', page('verify.html'));
  router.use('/console/assets', express.static(pageDir, { etag: true, lastModified: true, maxAge: 0, index: false }));
  router.get('/console/vendor/:file', (req, res, next) => {
    const file = vendor[req.params.file];
    if (!file) return next();
    res.sendFile(file, { maxAge: '1d', headers: { 'content-type': 'text/javascript; charset=utf-8' } });
  });
  return router;
}
