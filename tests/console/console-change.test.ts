/// <reference lib="dom" />
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { companyInput, registerOk } from '../registration/registration-fixtures.js';
import { browserAvailable, CHROMIUM, launchBrowser } from '../support/browser.js';
import { graphql } from '../support/graphql-client.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { signIn, windowPage } from './console-support.js';

/**
 * 变更 and 注销 at the window, in Chromium on a real hub: find by name, change against the version
 * read (a change made meanwhile is shown, and the clerk's edits kept), reprint the licence as its
 * new version, deregister, and see on /verify that the old versions are superseded and the last
 * one cancelled.
 */
const ARTIFACTS = path.resolve('tests/artifacts/console');
if (!browserAvailable)
  console.warn(`${CHROMIUM} is missing: the console's browser tests are skipped (apt-get install chromium, or set CHROMIUM_PATH).`);
const itWithBrowser = it.skipIf(!browserAvailable);

let hub: TestHub;
let browser: Browser;

beforeAll(async () => {
  if (!browserAvailable) return;
  hub = await startTestHub();
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await hub?.stop();
});

const text = async (page: Page, selector: string) => ((await page.textContent(selector)) ?? '').trim();
const CHANGE = `mutation C($uscc: String!, $v: Int!, $changes: EnterpriseChangesInput!) {
  changeEnterprise(uscc: $uscc, expectedVersion: $v, document: "昭市监变〔2026〕1号", changes: $changes) { enterprise { version } }
}`;

describe('change and deregistration at the window', () => {
  itWithBrowser(
    'shows what changed meanwhile, registers the change on a second submit, reprints, deregisters',
    async () => {
      const input = companyInput();
      const enterprise = await registerOk(hub, input);
      const { page, foreign } = await windowPage(browser, hub.url);
      await signIn(page, hub.url, hub.tokens.clerk);
      await page.click('[data-tab="enterprise"]');
      await page.fill('#find-text', String(input.name).slice(6));
      await page.press('#find-text', 'Enter');
      await page.waitForSelector(`#enterprise-view[data-uscc="${enterprise.uscc}"] #change-form`, { timeout: 10_000 });
      expect(await page.getAttribute('#enterprise-view', 'data-version')).toBe('1');

      await page.fill('#c-address', '四川省广元市昭化区昭化镇太守街8号');
      await page.fill('#c-document', '昭市监变〔2026〕2号');
      // Another window changes the legal representative after this one read version 1.
      const meanwhile = await graphql(hub.url, CHANGE, {
        token: hub.tokens.clerk,
        variables: { uscc: enterprise.uscc, v: 1, changes: { legalRepresentative: '王芳' } },
      });
      expect(meanwhile.body.errors).toBeUndefined();

      await page.click('#change-form button[type="submit"]');
      await page.waitForSelector('#stale:not([hidden]) tr[data-field="legalRepresentative"]', { timeout: 10_000 });
      expect(await text(page, '#stale tr[data-field="legalRepresentative"]')).toContain('王芳');
      expect(await page.inputValue('#c-address')).toBe('四川省广元市昭化区昭化镇太守街8号');
      expect(await page.inputValue('#c-legalRepresentative')).toBe('王芳');
      expect(await page.getAttribute('#enterprise-view', 'data-version')).toBe('2');
      expect(await text(page, '.summary')).toContain('王芳');
      // Capital is shown as written (50.5), and an untouched capital is no change.
      expect(await page.inputValue('#c-registeredCapitalWanYuan')).toBe('50.5');
      await page.screenshot({ path: path.join(ARTIFACTS, 'change-stale.png') });

      await page.click('#change-form button[type="submit"]');
      await page.waitForFunction(() => document.querySelector('#enterprise-message')?.textContent?.includes('变更已登记'), undefined, {
        timeout: 10_000,
      });
      expect(await page.getAttribute('#enterprise-view', 'data-version')).toBe('3');
      expect(await text(page, '.changes')).toContain('太守街8号');
      expect(await text(page, '.changes')).toContain('王芳');
      expect(await text(page, '.changes')).not.toContain('注册资本');

      // Each change re-issues the licence: the print is the third version, with both changes.
      await page.click('#enterprise-print');
      await page.waitForSelector('#licence-sheet:not([hidden])');
      expect(await page.getAttribute('#licence-sheet', 'data-version')).toBe('3');
      expect(await text(page, '#licence-sheet')).toContain('太守街8号');
      expect(await text(page, '#licence-sheet')).toContain('王芳');
      const third = (await page.getAttribute('#licence-sheet', 'data-identifier'))!;

      await page.click('[data-tab="enterprise"]');
      await page.fill('#d-document', '昭市监销〔2026〕3号');
      await page.check('#d-confirm');
      await page.click('#deregister-form button[type="submit"]');
      await page.waitForFunction(() => document.querySelector('#enterprise-message')?.textContent?.includes('已注销'), undefined, {
        timeout: 10_000,
      });
      expect(await page.isDisabled('#enterprise-print')).toBe(true);
      expect(await page.$('#change-form')).toBeNull();

      // On /verify, by identifier: the last version is cancelled, the first superseded.
      const verify = await browser.newPage();
      await verify.goto(`${hub.url}/verify`);
      await verify.fill('#verify-input', third);
      await verify.click('#verify-submit');
      await verify.waitForSelector('#verdict[data-verdict="cancelled"]', { timeout: 10_000 });
      const licences = await graphql<{ enterprise: { licences: Array<{ identifier: string; licenceVersion: number }> } }>(
        hub.url,
        'query L($uscc: String!) { enterprise(uscc: $uscc) { licences { identifier licenceVersion } } }',
        { token: hub.tokens.clerk, variables: { uscc: enterprise.uscc } },
      );
      const firstIdentifier = licences.body.data!.enterprise.licences.find((licence) => licence.licenceVersion === 1)!.identifier;
      expect(firstIdentifier).not.toBe(third);
      await verify.fill('#verify-input', firstIdentifier);
      await verify.click('#verify-submit');
      await verify.waitForSelector('#verdict[data-verdict="superseded"]', { timeout: 10_000 });
      await verify.close();
      expect(foreign).toEqual([]);
      await page.close();
    },
    90_000,
  );
});

/**
 * /verify says plainly what became of a genuine licence: suspended (暂扣) while it is, revoked
 * (吊销) once it is, by the licence's identifier.
 */
async function verdictOf(identifier: string): Promise<{ verdict: string | null; text: string }> {
  const page = await browser.newPage();
  try {
    await page.goto(`${hub.url}/verify`);
    await page.fill('#verify-input', identifier);
    await page.click('#verify-submit');
    await page.waitForSelector('#verdict[data-verdict]:not([data-verdict=""])', { timeout: 10_000 });
    await page.waitForFunction(() => document.querySelector('#verdict')?.getAttribute('data-verdict') !== 'checking', undefined, {
      timeout: 10_000,
    });
    return { verdict: await page.getAttribute('#verdict', 'data-verdict'), text: (await page.textContent('#verdict')) ?? '' };
  } finally {
    await page.close();
  }
}

describe('/verify on a licence whose standing changed', () => {
  itWithBrowser('says suspended while the licence is suspended, and revoked once it is revoked', async () => {
    const enterprise = await registerOk(hub);
    const read = await graphql<any>(
      hub.url,
      `
        query E($uscc: String!) {
          enterprise(uscc: $uscc) {
            licences {
              id
              identifier
              licenceTypeCode
            }
          }
        }
      `,
      {
        token: hub.tokens.clerk,
        variables: { uscc: enterprise.uscc },
      },
    );
    const licence = read.body.data.enterprise.licences[0];
    expect(licence.identifier).toBeTruthy();
    expect((await verdictOf(licence.identifier)).verdict).toBe('valid');

    const act = (mutation: 'suspendLicence' | 'revokeLicence', reason: string) =>
      graphql<any>(
        hub.url,
        `mutation M($id: ID!, $reason: String!) { ${mutation}(id: $id, reason: $reason, document: "昭市监处〔2026〕9号") { status } }`,
        {
          token: hub.tokens.clerk,
          variables: { id: licence.id, reason },
        },
      );
    expect((await act('suspendLicence', '责令停业整顿')).body.errors).toBeUndefined();
    const suspended = await verdictOf(licence.identifier);
    expect(suspended.verdict).toBe('suspended');
    expect(suspended.text).toContain('已暂扣');

    expect((await act('revokeLicence', '吊销营业执照')).body.errors).toBeUndefined();
    const revoked = await verdictOf(licence.identifier);
    expect(revoked.verdict).toBe('revoked');
    expect(revoked.text).toContain('已撤销');
  });
});
