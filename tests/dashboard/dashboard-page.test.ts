/// <reference lib="dom" />
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.js';
import { startHub, type RunningHub } from '../../server/hub.js';
import { createLogger } from '../../support/logger.js';
import { ACCEPT, acceptInput, addCatalog } from '../cases/case-fixtures.js';
import { graphql } from '../support/graphql-client.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';

/**
 * The dashboard page in a real headless browser (Debian's chromium, driven by playwright-core):
 * the figures move when a mutation commits, alerts arrive, nothing is fetched from outside the
 * hub, and the page comes back by itself after the hub restarts.
 */
const ARTIFACTS = path.resolve('tests/artifacts');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// CI installs Debian's chromium (.ci/run); a machine without it skips the browser test, saying so,
// as the database tests fall back to PGlite without a PostgreSQL server.
const browserAvailable = existsSync(CHROMIUM);
if (!browserAvailable)
  console.warn(`${CHROMIUM} is missing: the dashboard's browser test is skipped (apt-get install chromium, or set CHROMIUM_PATH).`);
const itWithBrowser = it.skipIf(!browserAvailable);

let hub: TestHub;
let restarted: RunningHub | undefined;
let browser: Browser;
let page: Page;
const foreignRequests: string[] = [];

beforeAll(async () => {
  if (!browserAvailable) return;
  hub = await startTestHub();
  await addCatalog(hub);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
  // As in a hall without internet: anything not served by the hub fails, and is noted.
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(hub.url.replace('localhost', '127.0.0.1')) || url.startsWith(hub.url)) return route.continue();
    foreignRequests.push(url);
    return route.abort();
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await restarted?.close();
  await hub?.stop();
});

const accept = (url: string, caseNo: string, overrides: Record<string, unknown> = { acceptedAt: null }) =>
  graphql<Record<string, any>>(url, ACCEPT, { token: hub.tokens.system.SCJG, variables: { input: acceptInput({ caseNo, ...overrides }) } });
const figure = async (id: string) => (await page.textContent(`#${id}`))?.trim();

describe('the dashboard page', () => {
  itWithBrowser(
    'shows the live figures and changes them when a case is accepted through the API',
    async () => {
      await page.goto(`${hub.url}/dashboard?token=${hub.tokens.dashboard}`);
      await page.waitForSelector('#connection[data-state="open"]', { timeout: 15_000 });
      await page.waitForFunction(() => document.querySelector('#casesAccepted')?.textContent?.trim() !== '–', undefined, {
        timeout: 15_000,
      });
      expect(new URL(page.url()).search).toBe(''); // the credential left the address bar
      const before = Number(await figure('casesAccepted'));

      expect((await accept(hub.url, 'PAGE-0001')).body.errors).toBeUndefined();
      // Waited for, not timed: the page shows the new figure within a second of the commit.
      await page.waitForFunction(
        (expected) => document.querySelector('#casesAccepted')?.textContent?.trim() === String(expected),
        before + 1,
        { timeout: 1_000 },
      );

      // A case overdue since October raises an alert on the list.
      expect((await accept(hub.url, 'PAGE-LATE', { acceptedAt: '2026-09-28T09:00:00+08:00' })).body.errors).toBeUndefined();
      await page.waitForSelector('#alerts li[data-case-no="PAGE-LATE"][data-kind="OVERDUE"]', { timeout: 10_000 });
      // The month's chart by department has caught up with today's case.
      await page.waitForFunction(() => Number(document.querySelector<HTMLElement>('#by-department')?.dataset.accepted) >= 1, undefined, {
        timeout: 10_000,
      });

      await page.waitForTimeout(1200); // let the charts' growth animation finish before the picture
      await mkdir(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard.png'), fullPage: true });
      expect(foreignRequests).toEqual([]);
    },
    60_000,
  );

  itWithBrowser(
    'reconnects by itself after the hub restarts, and goes on updating',
    async () => {
      const port = hub.port;
      await hub.close();
      await page.waitForSelector('#connection[data-state="retrying"]', { timeout: 15_000 });
      const config = { ...loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }), host: '127.0.0.1', port, database: hub.database.config };
      restarted = await startHub(config, createLogger('silent'));
      await page.waitForSelector('#connection[data-state="open"]', { timeout: 20_000 });
      const before = Number(await figure('casesAccepted'));
      expect((await accept(restarted.url, 'PAGE-0002')).body.errors).toBeUndefined();
      await page.waitForFunction(
        (expected) => document.querySelector('#casesAccepted')?.textContent?.trim() === String(expected),
        before + 1,
        { timeout: 5_000 },
      );
      expect(foreignRequests).toEqual([]);
    },
    90_000,
  );

  itWithBrowser(
    'serves its libraries from the hub and asks for a credential when it has none',
    async () => {
      for (const asset of ['/dashboard/vendor/echarts.min.js', '/dashboard/vendor/graphql-ws.min.js', '/dashboard/assets/dashboard.js']) {
        const response = await fetch(`${restarted!.url}${asset}`);
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toContain('javascript');
      }
      expect((await fetch(`${restarted!.url}/dashboard/vendor/nothing.js`)).status).toBe(404);
      const fresh = await browser.newPage();
      await fresh.goto(`${restarted!.url}/dashboard`);
      await fresh.waitForSelector('#login:not([hidden])');
      await fresh.fill('#token-input', 'not-a-token');
      await fresh.click('#login button');
      await fresh.waitForSelector('#login-error:not(:empty)', { timeout: 15_000 });
      await fresh.close();
    },
    60_000,
  );
});
