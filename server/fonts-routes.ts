import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import express, { Router } from 'express';

const require = createRequire(import.meta.url);

/** The stylesheet every page the hub serves links, so Chinese renders on a machine without a CJK font. */
export const CJK_FONT_STYLESHEET = '/fonts/noto-sans-sc.css';
export const CJK_FONT_FAMILY = 'Noto Sans SC';
const FILES_PATH = '/fonts/noto-sans-sc/files';

/**
 * Noto Sans SC (SIL OFL 1.1) from the installed `@fontsource/noto-sans-sc` package, served by the
 * hub and never a CDN: a hall screen or an office browser without internet, or without any CJK
 * font (a fresh Debian), still shows 政务数据共享平台 and not boxes. The font comes in ~100
 * `unicode-range` slices per weight, so a browser downloads only the slices holding the characters
 * a page shows (a few hundred KB for the dashboard), not the 10 MB of the whole font.
 */
export function fontsRoutes(): Router {
  const dir = path.dirname(require.resolve('@fontsource/noto-sans-sc'));
  // Regular and bold, with the slices' URLs pointing at the hub.
  const stylesheet = ['400.css', '700.css']
    .map((file) => readFileSync(path.join(dir, file), 'utf8').replaceAll('url(./files/', `url(${FILES_PATH}/`))
    .join('\n');
  const router = Router();
  router.get(CJK_FONT_STYLESHEET, (_req, res) => {
    res.set('cache-control', 'public, max-age=86400').type('css').send(stylesheet);
  });
  // The files change only with the pinned package version.
  router.use(FILES_PATH, express.static(path.join(dir, 'files'), { index: false, maxAge: '30d', immutable: true }));
  return router;
}
