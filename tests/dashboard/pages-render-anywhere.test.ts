/// <reference lib="dom" />
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, CHROMIUM, hubOnlyPage, launchBrowser, renderedFonts } from '../support/browser.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';

/**
 * The hub's pages in Debian's chromium, allowed to fetch from the hub only: their Chinese is drawn
 * with the Noto Sans SC the hub serves (whatever fonts the machine has), and the API explorer
 * reads the schema with the token typed into its bar.
 */
if (!browserAvailable)
  console.warn(`${CHROMIUM} is missing: the pages' browser test is skipped (apt-get install chromium, or set CHROMIUM_PATH).`);
const itWithBrowser = it.skipIf(!browserAvailable);

let hub: TestHub;
let browser: Browser;
beforeAll(async () => {
  if (!browserAvailable) return;
  hub = await startTestHub({ introspection: 'authenticated' });
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await hub?.stop();
});

// A web font (isCustomFont) whose own name is Noto Sans SC's (the slices call themselves e.g. NotoSansSCThin-Bold).
const drawnWithHubFont = (fonts: Array<{ familyName: string; postScriptName?: string; isCustomFont: boolean; glyphCount: number }>) =>
  fonts.length > 0 && fonts.every((font) => font.isCustomFont && /^NotoSansSC/.test(font.postScriptName ?? '') && font.glyphCount > 0);
const fontsSettled = (page: import('playwright-core').Page) => page.evaluate(() => document.fonts.ready.then(() => document.fonts.status));

describe('pages render anywhere', () => {
  itWithBrowser('the landing page draws its Chinese title with the hub’s font, and nothing comes from outside', async () => {
    const { page, foreign } = await hubOnlyPage(browser, hub.url);
    const fontFiles: string[] = [];
    page.on(
      'response',
      (response) => response.url().includes('/fonts/noto-sans-sc/files/') && response.ok() && fontFiles.push(response.url()),
    );
    await page.goto(`${hub.url}/`);
    expect(await fontsSettled(page)).toBe('loaded');
    expect(drawnWithHubFont(await renderedFonts(page, 'h1'))).toBe(true);
    // Only the slices holding the page's characters are fetched, not the whole font.
    expect(fontFiles.length).toBeGreaterThan(0);
    expect(fontFiles.length).toBeLessThan(30);
    expect(foreign).toEqual([]);
    await page.close();
  });

  itWithBrowser('the dashboard draws its Chinese with the hub’s font', async () => {
    const { page, foreign } = await hubOnlyPage(browser, hub.url);
    await page.goto(`${hub.url}/dashboard?token=${hub.tokens.dashboard}`);
    await page.waitForSelector('#connection[data-state="open"]', { timeout: 15_000 });
    expect(await fontsSettled(page)).toBe('loaded');
    expect(drawnWithHubFont(await renderedFonts(page, 'header h1'))).toBe(true);
    expect(foreign).toEqual([]);
    await page.close();
  });

  itWithBrowser('the explorer reads the schema with the token typed into its bar, from the hub alone', async () => {
    const { page, foreign } = await hubOnlyPage(browser, hub.url);
    await page.goto(`${hub.url}/graphql`); // a browser opening the endpoint lands in the explorer
    expect(new URL(page.url()).pathname).toBe('/explorer');
    await page.fill('#hub-token', hub.tokens.system.RS);
    await page.fill('#hub-purpose', 'SOCIAL_INSURANCE_REGISTRATION');
    const introspection = page.waitForResponse(
      // The explorer may also introspect on load, before the token is typed (refused: no credential); wait for the one that carries it.
      (response) =>
        response.url().endsWith('/graphql') &&
        response.request().method() === 'POST' &&
        (response.request().postData() ?? '').includes('__schema') &&
        response.request().headers().authorization !== undefined,
      { timeout: 30_000 },
    );
    await page.click('#hub-auth button[type=submit]');
    const response = await introspection;
    expect(response.request().headers()).toMatchObject({
      authorization: `Bearer ${hub.tokens.system.RS}`,
      'x-purpose': 'SOCIAL_INSURANCE_REGISTRATION',
    });
    expect(response.status()).toBe(200);
    const body = (await response.json()) as { data?: { __schema?: { queryType?: { name: string } } } };
    expect(body.data?.__schema?.queryType?.name).toBe('Query');
    await page.waitForSelector('.graphiql-container', { timeout: 15_000 });
    expect(await fontsSettled(page)).toBe('loaded');
    expect(drawnWithHubFont(await renderedFonts(page, '#hub-auth strong'))).toBe(true);
    expect(foreign).toEqual([]);
    await page.close();
  });
});
