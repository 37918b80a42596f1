/// <reference lib="dom" />
import type { Browser, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, CHROMIUM, launchBrowser } from '../support/browser.js';
import { companyInput, registerOk } from '../registration/registration-fixtures.js';
import { graphql } from '../support/graphql-client.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { companyFacts, fillRegistration, signIn, windowPage } from './console-support.js';

/**
 * What goes wrong at a window, in Chromium on a real hub: a double click, a session that expires
 * mid-form, the hub unreachable (or the answer lost) when submitting, and credentials that are
 * not a window's. Each registers once, loses nothing the clerk typed, and says why in Chinese.
 */
if (!browserAvailable)
  console.warn(`${CHROMIUM} is missing: the console's browser tests are skipped (apt-get install chromium, or set CHROMIUM_PATH).`);
const itWithBrowser = it.skipIf(!browserAvailable);

let hub: TestHub;
let browser: Browser;
const foreign: string[] = [];

beforeAll(async () => {
  if (!browserAvailable) return;
  hub = await startTestHub();
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await hub?.stop();
});

async function clerkWindow(): Promise<Page> {
  const opened = await windowPage(browser, hub.url);
  opened.page.on('close', () => foreign.push(...opened.foreign));
  await signIn(opened.page, hub.url, hub.tokens.clerk);
  return opened.page;
}

const text = async (page: Page, selector: string) => ((await page.textContent(selector)) ?? '').trim();
const registrationsOf = async (name: string) => {
  const response = await graphql<{ enterprises: { totalCount: number; nodes: Array<{ uscc: string; registrations: unknown[] }> } }>(
    hub.url,
    'query N($name: String!) { enterprises(filter: { nameContains: $name }) { totalCount nodes { uscc registrations { id } } } }',
    { token: hub.tokens.admin, variables: { name } },
  );
  const { totalCount, nodes } = response.body.data!.enterprises;
  return { enterprises: totalCount, registrations: nodes.reduce((sum, node) => sum + node.registrations.length, 0) };
};
const isRegistration = (route: Route) =>
  route.request().method() === 'POST' && (route.request().postData() ?? '').includes('registerEnterprise');

describe('the console under bad input', () => {
  itWithBrowser(
    'registers once when submit is double-clicked',
    async () => {
      const page = await clerkWindow();
      const facts = companyFacts('双击');
      await fillRegistration(page, facts);
      let sent = 0;
      page.on('request', (request) => (request.postData() ?? '').includes('registerEnterprise') && (sent += 1));
      await page.dblclick('#register-submit');
      await page.waitForSelector('#result-uscc', { timeout: 15_000 });
      await page.waitForTimeout(500);
      expect(await registrationsOf(facts.name!)).toEqual({ enterprises: 1, registrations: 1 });
      expect(sent).toBe(1);
      await page.close();
    },
    60_000,
  );

  itWithBrowser(
    'flags a name an active entity already holds as it is typed, and does not submit it',
    async () => {
      const taken = await registerOk(hub, companyInput());
      const page = await clerkWindow();
      await fillRegistration(page, { ...companyFacts('重名'), name: taken.name });
      await page.waitForFunction(() => document.querySelector('#e-name')?.textContent?.includes('已被存续的市场主体'), undefined, {
        timeout: 10_000,
      });
      expect(await text(page, '#e-name')).toContain(taken.uscc);
      // Submitting is stopped in the page, with the field in focus; nothing reaches the hub.
      let sent = 0;
      page.on('request', (request) => (request.postData() ?? '').includes('registerEnterprise') && (sent += 1));
      await page.click('#register-submit');
      expect(await text(page, '#register-message')).toContain('需要更正');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('f-name');
      expect(sent).toBe(0);
      await page.fill('#f-name', `${taken.name}分店`);
      expect(await text(page, '#e-name')).toBe('');
      await page.close();
    },
    60_000,
  );

  itWithBrowser(
    'keeps the form when the session expires mid-form, and registers after signing in again',
    async () => {
      const page = await clerkWindow();
      const facts = companyFacts('过期');
      await fillRegistration(page, facts);
      // The session's expiry passes just as the clerk submits (in one task, so the page's own expiry
      // timer, which would open the same dialog a few seconds later, cannot come first).
      await page.evaluate(() => {
        const stored = JSON.parse(sessionStorage.getItem('hub.console.session')!);
        sessionStorage.setItem('hub.console.session', JSON.stringify({ ...stored, expiresAt: Date.now() - 1 }));
        document
          .querySelector<HTMLFormElement>('#register-form')!
          .requestSubmit(document.querySelector<HTMLButtonElement>('#register-submit'));
      });
      await page.waitForSelector('#sign-in[open]', { timeout: 10_000 });
      expect(await text(page, '#sign-in [data-role="reason"]')).toContain('已保留');
      expect(await page.inputValue('#f-name')).toBe(facts.name);
      expect(await page.inputValue('#f-registeredCapitalWanYuan')).toBe('50.5');
      await page.keyboard.type(hub.tokens.clerk);
      await page.keyboard.press('Enter');
      // The submission goes on by itself once the clerk is back.
      await page.waitForSelector('#result-uscc', { timeout: 15_000 });
      expect(await text(page, '#hand-over .name')).toBe(facts.name);
      expect(await registrationsOf(facts.name!)).toEqual({ enterprises: 1, registrations: 1 });
      await page.close();
    },
    60_000,
  );

  itWithBrowser(
    'asks for the credential again by itself once the session has expired, over what was typed',
    async () => {
      const page = await clerkWindow();
      await page.fill('#f-name', '广元市昭化区未提交的名称');
      await page.evaluate(() => {
        const stored = JSON.parse(sessionStorage.getItem('hub.console.session')!);
        sessionStorage.setItem('hub.console.session', JSON.stringify({ ...stored, expiresAt: Date.now() - 1 }));
      });
      await page.waitForSelector('#sign-in[open]', { timeout: 10_000 });
      expect(await text(page, '#sign-in [data-role="reason"]')).toContain('登录已过期');
      expect(await page.evaluate(() => sessionStorage.getItem('hub.console.session'))).toBeNull();
      // Escape does not wave the dialog away without a session.
      await page.keyboard.press('Escape');
      expect(await page.evaluate(() => document.querySelector<HTMLDialogElement>('#sign-in')!.open)).toBe(true);
      await page.keyboard.type(hub.tokens.clerk);
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => !document.querySelector<HTMLDialogElement>('#sign-in')!.open);
      expect(await page.inputValue('#f-name')).toBe('广元市昭化区未提交的名称');
      await page.close();
    },
    60_000,
  );

  itWithBrowser(
    'says the hub is unreachable, loses nothing, and registers once on retry even when an answer was lost',
    async () => {
      const page = await clerkWindow();
      const facts = companyFacts('断网');
      await fillRegistration(page, facts);
      let mode: 'down' | 'answer lost' | 'up' = 'down';
      await page.route('**/graphql', async (route) => {
        if (!isRegistration(route) || mode === 'up') return route.fallback();
        if (mode === 'down') return route.abort('connectionrefused');
        // The hub registers, then the connection drops before the answer reaches the window.
        await route.fetch();
        return route.abort('connectionreset');
      });
      await page.click('#register-submit');
      await page.waitForFunction(() => document.querySelector('#register-message')?.textContent?.includes('无法连接'), undefined, {
        timeout: 60_000,
      });
      expect(await page.inputValue('#f-name')).toBe(facts.name);
      expect(await page.inputValue('#f-address')).toBe(facts.address);
      expect(await registrationsOf(facts.name!)).toEqual({ enterprises: 0, registrations: 0 });

      mode = 'answer lost';
      await page.evaluate(() => (document.querySelector('#register-message')!.textContent = ''));
      await page.click('#register-submit');
      // The hub registers before the answer is lost: on a busy machine that may take a while.
      await page.waitForFunction(() => document.querySelector('#register-message')?.textContent?.includes('无法连接'), undefined, {
        timeout: 60_000,
      });
      expect(await registrationsOf(facts.name!)).toEqual({ enterprises: 1, registrations: 1 });
      expect(await page.inputValue('#f-name')).toBe(facts.name);
      // The name checked again now finds the entity this very application registered: it must not block the retry.
      const nameChecked = page.waitForResponse((response) => response.request().postData()?.includes('SameName') ?? false);
      await page.focus('#f-name');
      await page.keyboard.press('End');
      await page.keyboard.type('甲');
      await page.keyboard.press('Backspace');
      expect(await (await nameChecked).text()).toContain(facts.name!);

      mode = 'up';
      await page.click('#register-submit');
      await page.waitForSelector('#result-uscc', { timeout: 60_000 });
      expect(await text(page, '#register-message')).toContain('重复提交');
      expect(await registrationsOf(facts.name!)).toEqual({ enterprises: 1, registrations: 1 });
      await page.close();
    },
    200_000,
  );

  itWithBrowser(
    'refuses a DASHBOARD, a SYSTEM and an unknown credential, saying why',
    async () => {
      const opened = await windowPage(browser, hub.url);
      const page = opened.page;
      await page.goto(`${hub.url}/console`);
      await page.waitForSelector('#sign-in[open]');
      const attempt = async (token: string) => {
        await page.fill('#token-input', token);
        await page.press('#token-input', 'Enter');
        await page.waitForFunction(
          () => {
            const line = document.querySelector('#sign-in [data-role="error"]')?.textContent ?? '';
            return line && !line.includes('正在核对');
          },
          undefined,
          { timeout: 10_000 },
        );
        const said = await text(page, '#sign-in [data-role="error"]');
        expect(await page.evaluate(() => document.querySelector<HTMLDialogElement>('#sign-in')!.open)).toBe(true);
        expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
        await page.evaluate(() => (document.querySelector('#sign-in [data-role="error"]')!.textContent = ''));
        return said;
      };
      expect(await attempt(hub.tokens.dashboard)).toContain('大屏（DASHBOARD）凭证');
      expect(await attempt(hub.tokens.system.SW!)).toContain('部门业务系统（SYSTEM）');
      expect(await attempt('hub_not-a-real-token')).toContain('凭证无效');
      expect(await text(page, '#who')).toBe('');
      foreign.push(...opened.foreign);
      expect(foreign).toEqual([]);
      await page.close();
    },
    60_000,
  );
});
