import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { Router } from 'express';
import { packageFile } from '../package-file.js';

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * The live dashboard at `/dashboard`: the page, its script and style, and the two libraries it
 * runs on (ECharts and the graphql-ws browser build), all served by the hub from the installed
 * packages, so a hall screen on a network without internet works as well as one with it.
 */
export function dashboardRoutes(): Router {
  const router = Router();
  const pageDir = findPageDir();
  const vendor: Record<string, string> = {
    'echarts.min.js': packageFile('echarts', 'dist/echarts.min.js'),
    'graphql-ws.min.js': packageFile('graphql-ws', 'umd/graphql-ws.min.js'),
  };
  // The page changes with the hub's version; the libraries only with their pinned versions.
  const noCache = { etag: true, lastModified: true, cacheControl: true, maxAge: 0 };
  router.get('/dashboard', (_req, res) => {
    res.set('cache-control', 'no-cache').type('html').sendFile(path.join(pageDir, 'index.html'));
  });
  router.use('/dashboard/assets', express.static(pageDir, { ...noCache, index: false }));
  router.get('/dashboard/vendor/:file', (req, res, next) => {
    const file = vendor[req.params.file];
    if (!file) return next();
    res.sendFile(file, { maxAge: '1d', headers: { 'content-type': 'text/javascript; charset=utf-8' } });
  });
  return router;
}

/** `dashboard/` at the project root, from the sources (server/dashboard) or the build (dist/server/dashboard). */
function findPageDir(): string {
  for (const candidate of [path.resolve(here, '../../dashboard'), path.resolve(here, '../../../dashboard')]) {
    if (existsSync(path.join(candidate, 'index.html'))) return candidate;
  }
  throw new Error('the dashboard page (dashboard/index.html) is missing from the installation');
}
