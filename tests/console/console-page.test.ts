/// <reference lib="dom" />
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConnector, fastDelivery, webhookInput } from '../connectors/connector-fixtures.js';
import { DepartmentPeer } from '../connectors/department-peer.js';
import { browserAvailable, CHROMIUM, launchBrowser, renderedFonts } from '../support/browser.js';
import { graphql } from '../support/graphql-client.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import {
  companyFacts,
  decodeQr,
  fillRegistration,
  forge,
  pdfPageCount,
  signIn,
  verifyOffline,
  windowPage,
  withIdCheck,
} from './console-support.js';

/**
 * The registration window's console in Chromium on a real hub: sign in, register (a bad field,
 * then a good one), watch the tax department's receipt flip from RETRYING to DELIVERED, print the
 * licence to PDF, read its QR code back from a screenshot and verify it offline and on /verify.
 */
const ARTIFACTS = path.resolve('tests/artifacts/console');
if (!browserAvailable)
  console.warn(`${CHROMIUM} is missing: the console's browser tests are skipped (apt-get install chromium, or set CHROMIUM_PATH).`);
const itWithBrowser = it.skipIf(!browserAvailable);

let hub: TestHub;
let browser: Browser;
const tax = new DepartmentPeer();
const statistics = new DepartmentPeer();
const pages: Array<{ page: Page; foreign: string[] }> = [];

beforeAll(async () => {
  if (!browserAvailable) return;
  await tax.up();
  await statistics.up();
  tax.set({ kind: 'status', status: 503 });
  statistics.set({ kind: 'status', status: 503 });
  hub = await startTestHub(fastDelivery);
  await createConnector(hub, webhookInput('SW', tax.url));
  // One attempt, then a dead letter: the statistics bureau's receipt ends FAILED, for the retry.
  await createConnector(hub, webhookInput('TJ', statistics.url, { maxAttempts: 1 }));
  browser = await launchBrowser();
  await mkdir(ARTIFACTS, { recursive: true });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await hub?.stop();
  await tax.down();
  await statistics.down();
});

async function newWindow(): Promise<Page> {
  const opened = await windowPage(browser, hub.url);
  pages.push(opened);
  return opened.page;
}

const text = async (page: Page, selector: string) => ((await page.textContent(selector)) ?? '').trim();
const enterprisesNamed = async (name: string) =>
  (
    await graphql<{ enterprises: { totalCount: number } }>(
      hub.url,
      'query N($name: String!) { enterprises(filter: { nameContains: $name }) { totalCount } }',
      {
        token: hub.tokens.admin,
        variables: { name },
      },
    )
  ).body.data!.enterprises.totalCount;

describe('the registration window console', () => {
  let registeredUscc = '';
  let signedLicence = '';

  itWithBrowser(
    "signs a clerk in, shows the hub's checks, registers, and shows each department's receipt live",
    async () => {
      const page = await newWindow();
      const response = await page.goto(`${hub.url}/console`);
      expect(response!.headers()['content-security-policy']).toContain("default-src 'self'");
      await signIn(page, hub.url, hub.tokens.clerk);
      expect(await text(page, '#who')).toContain('测试员');
      expect(await text(page, '#who')).toContain('广元市昭化区市场监督管理局');
      expect(await page.evaluate(() => location.search)).toBe('');
      expect(await page.evaluate(() => Object.keys(sessionStorage))).toEqual(['hub.console.session']);

      const facts = companyFacts();
      await fillRegistration(page, { ...facts, divisionCode: '', industryCode: 'X12' });
      // Checked as typed: an industry code outside GB/T 4754, and a division picked by its name.
      expect(await text(page, '#e-industryCode')).toContain('GB/T 4754');
      await page.fill('#f-industryCode', 'F5211');
      expect(await text(page, '#e-industryCode')).toBe('');
      await page.type('#f-divisionCode', '昭化');
      await page.waitForSelector('#division-options option[value="510811"]', { state: 'attached', timeout: 10_000 });
      await page.fill('#f-divisionCode', '510811');
      await page.waitForFunction(() => document.querySelector('#h-divisionCode')?.textContent?.includes('四川省广元市昭化区'));
      await page.waitForFunction(() => document.querySelector('#h-name')?.textContent?.includes('名称可用'), undefined, {
        timeout: 10_000,
      });
      expect(await text(page, '#h-registeredCapitalWanYuan')).toBe('即 505,000.00 元');

      // Only the hub knows this one: the check character is right, the birth month (13) is not.
      await page.fill('#f-legalRepresentativeIdNumber', withIdCheck('11010519491331002'));
      await page.press('#f-address', 'Enter');
      await page.waitForFunction(() => document.querySelector('#e-legalRepresentativeIdNumber')?.textContent?.trim(), undefined, {
        timeout: 10_000,
      });
      expect(await text(page, '#e-legalRepresentativeIdNumber')).toMatch(/[\u4e00-\u9fff]/);
      expect(await page.getAttribute('#f-legalRepresentativeIdNumber', 'aria-invalid')).toBe('true');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('f-legalRepresentativeIdNumber');
      expect(await enterprisesNamed(facts.name!)).toBe(0);

      await page.fill('#f-legalRepresentativeIdNumber', '11010519491231002X');
      await page.press('#f-legalRepresentativeIdNumber', 'Enter');
      await page.waitForSelector('#result-uscc', { timeout: 15_000 });
      registeredUscc = await text(page, '#result-uscc');
      expect(registeredUscc).toMatch(/^91510811[0-9A-HJ-NPQRTUWXY]{10}$/);
      expect(await text(page, '#hand-over .name')).toBe(facts.name);
      expect(await page.$$eval('#hand-over .certificates li', (items) => items.map((item) => (item as HTMLElement).dataset.code))).toEqual(
        expect.arrayContaining(['BUSINESS_LICENCE', 'TAX_REGISTRATION', 'STATISTICS']),
      );

      // The tax bureau's system answers 503: RETRYING, until it comes back, then DELIVERED, live.
      await page.waitForSelector('#hand-over tr[data-department="SW"][data-status="RETRYING"]', { timeout: 15_000 });
      await page.waitForSelector('#hand-over .link[data-state="open"]');
      await page.screenshot({ path: path.join(ARTIFACTS, 'hand-over-retrying.png') });
      tax.set({ kind: 'ok' });
      await page.waitForSelector('#hand-over tr[data-department="SW"][data-status="DELIVERED"]', { timeout: 15_000 });
      expect(await text(page, '#hand-over tr[data-department="SW"] .badge')).toBe('已送达');
      await page.waitForSelector('#hand-over tr[data-department="TJ"][data-status="FAILED"]', { timeout: 15_000 });
      // Retrying a failed hand-over is an administrator's: a clerk is not offered it.
      expect(await page.$('#hand-over .retry')).toBeNull();
      await page.screenshot({ path: path.join(ARTIFACTS, 'console-registered.png') });

      // Drawn with the hub's Noto Sans SC web font (its slices call themselves NotoSansSC…), whatever the machine has.
      const fonts = await renderedFonts(page, '#register-title');
      expect(fonts.length).toBeGreaterThan(0);
      expect(fonts.every((font) => font.isCustomFont && /^NotoSansSC/.test(font.postScriptName ?? ''))).toBe(true);
    },
    120_000,
  );

  itWithBrowser(
    'prints the licence on one A4 page whose QR code is the signed licence',
    async () => {
      const page = pages[0]!.page;
      await page.click('#print-licence');
      await page.waitForSelector('#licence-sheet:not([hidden]) #licence-qr');
      expect(await text(page, '#licence-uscc')).toBe(registeredUscc);
      await page.evaluate(() => document.fonts.ready);

      const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
      await writeFile(path.join(ARTIFACTS, 'business-licence.pdf'), pdf);
      expect(pdfPageCount(pdf)).toBe(1);
      await page.emulateMedia({ media: 'print' });
      const printed = await page.screenshot({ fullPage: true });
      await writeFile(path.join(ARTIFACTS, 'business-licence-print.png'), printed);
      await page.emulateMedia({ media: 'screen' });
      await page.locator('#licence-sheet').screenshot({ path: path.join(ARTIFACTS, 'business-licence.png') });

      signedLicence = decodeQr(await page.locator('#licence-qr').screenshot()) ?? '';
      expect(signedLicence.split('.')).toHaveLength(3);
      const jwks = (await (await fetch(`${hub.url}/.well-known/jwks.json`)).json()) as { keys: Array<Record<string, string>> };
      const signed = verifyOffline(signedLicence, jwks);
      expect(signed).not.toBeNull();
      expect(signed!.number).toBe(registeredUscc);
      expect(signed!.identifier).toBe(await page.getAttribute('#licence-sheet', 'data-identifier'));
      expect(verifyOffline(forge(signedLicence), jwks)).toBeNull();
    },
    60_000,
  );

  itWithBrowser(
    'verifies the QR payload in the browser on /verify, without a credential, and calls a forged one forged',
    async () => {
      const page = await newWindow();
      const response = await page.goto(`${hub.url}/verify`);
      expect(response!.headers()['content-security-policy']).toContain("script-src 'self'");
      await page.fill('#verify-input', signedLicence);
      await page.press('#verify-submit', 'Enter');
      await page.waitForSelector('#verdict[data-verdict="valid"]', { timeout: 10_000 });
      expect(await text(page, '#verdict-title')).toBe('有效');
      expect(await text(page, '#verdict-steps')).toContain('签名核验');
      await page.screenshot({ path: path.join(ARTIFACTS, 'verify-valid.png') });

      await page.fill('#verify-input', forge(signedLicence));
      await page.click('#verify-submit');
      await page.waitForSelector('#verdict[data-verdict="forged"]', { timeout: 10_000 });
      expect(await text(page, '#verdict-title')).toBe('伪造');
      await page.screenshot({ path: path.join(ARTIFACTS, 'verify-forged.png') });
    },
    60_000,
  );

  itWithBrowser(
    'offers an administrator, and only an administrator, to send a failed hand-over again',
    async () => {
      const page = await newWindow();
      await signIn(page, hub.url, hub.tokens.admin);
      expect(await text(page, '#register-disabled')).toContain('CLERK');
      expect(await page.isDisabled('#register-submit')).toBe(true);
      await page.click('[data-tab="enterprise"]');
      await page.fill('#find-text', registeredUscc);
      await page.press('#find-text', 'Enter');
      const failed = '#enterprise-hand-over tr[data-department="TJ"][data-status="FAILED"]';
      await page.waitForSelector(`${failed} .retry`, { timeout: 15_000 });
      // An administrator reads, but registers no change: those forms are the registering clerk's.
      expect(await page.$('#change-form')).toBeNull();
      statistics.set({ kind: 'ok' });
      await page.click(`${failed} .retry`);
      await page.waitForSelector('#enterprise-hand-over tr[data-department="TJ"][data-status="DELIVERED"]', { timeout: 15_000 });
      expect(statistics.accepted.length).toBeGreaterThan(0);
    },
    60_000,
  );

  itWithBrowser(
    'registers with the keyboard alone on a 1366×768 screen, the division picked by its name',
    async () => {
      const page = await newWindow();
      await signIn(page, hub.url, hub.tokens.clerk);
      const focused = () => page.evaluate(() => document.activeElement?.id ?? '');
      expect(await focused()).toBe('f-name');
      const box = await page.locator('#register-submit').boundingBox();
      expect(box!.y + box!.height).toBeLessThanOrEqual(768);
      const facts = companyFacts('键盘');
      const tabTo = async (id: string) => {
        for (let presses = 0; presses < 6 && (await focused()) !== id; presses += 1) await page.keyboard.press('Tab');
        expect(await focused()).toBe(id);
      };
      await page.keyboard.type(facts.name!);
      await tabTo('f-kind');
      await tabTo('f-legalRepresentative');
      await page.keyboard.type(facts.legalRepresentative!);
      await tabTo('f-registeredCapitalWanYuan');
      await page.keyboard.type('100');
      await tabTo('f-divisionCode');
      await page.keyboard.type('四川省广元市昭化区');
      await page.waitForFunction(() => document.querySelector('#h-divisionCode')?.textContent?.startsWith('510811'), undefined, {
        timeout: 10_000,
      });
      await tabTo('f-industryCode');
      await page.keyboard.type('f5211');
      await tabTo('f-address');
      await page.keyboard.type(facts.address!);
      await tabTo('f-businessScope');
      await page.keyboard.type(facts.businessScope!);
      await tabTo('register-submit');
      await page.keyboard.press('Enter');
      await page.waitForSelector('#result-uscc', { timeout: 15_000 });
      expect(await focused()).toBe('print-licence');
      await page.keyboard.press('Enter');
      await page.waitForSelector('#licence-sheet:not([hidden])');
      expect(await text(page, '#licence-sheet')).toContain(facts.name);
      expect(await focused()).toBe('print-now');
      expect(pages.flatMap((opened) => opened.foreign)).toEqual([]);
    },
    60_000,
  );
});
