import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** CI installs Debian's chromium (.ci/run); without it browser tests are skipped, saying so. */
export const browserAvailable = existsSync(CHROMIUM);

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
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
}

/**
 * A page that may fetch from the hub only, as in a hall without internet: any other request fails
 * and is listed in `foreign`.
 */
export async function hubOnlyPage(
  browser: Browser,
  hubUrl: string,
  screen: Parameters<Browser['newPage']>[0] = { viewport: { width: 1400, height: 900 } },
): Promise<{ page: Page; foreign: string[] }> {
  const foreign: string[] = [];
  const page = await browser.newPage(screen);
  const origins = [new URL(hubUrl).origin, new URL(hubUrl.replace('localhost', '127.0.0.1')).origin];
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (origins.some((origin) => url.startsWith(origin)) || url.startsWith('blob:') || url.startsWith('data:')) return route.continue();
    foreign.push(url);
    return route.abort();
  });
  return { page, foreign };
}

/** The fonts Chromium actually drew an element's text with (DevTools protocol), e.g. [{ familyName: 'Noto Sans SC', isCustomFont: true }]. */
export async function renderedFonts(
  page: Page,
  selector: string,
): Promise<Array<{ familyName: string; postScriptName?: string; isCustomFont: boolean; glyphCount: number }>> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('DOM.enable');
  await cdp.send('CSS.enable');
  const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
  const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
  // The text node's fonts are reported on its element.
  const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
  await cdp.detach();
  return fonts;
}
