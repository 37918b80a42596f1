/// <reference lib="dom" />
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerOk } from '../registration/registration-fixtures.js';
import { browserAvailable, launchBrowser } from '../support/browser.js';
import { graphql } from '../support/graphql-client.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';

/**
 * /verify says plainly what became of a genuine licence: suspended (暂扣) while it is, revoked
 * (吊销) once it is — checked in Chromium on a real hub, by the licence's identifier.
 */
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

async function verdictOf(identifier: string): Promise<{ verdict: string | null; text: string }> {
  const page = await browser.newPage();
  try {
    await page.goto(`${hub.url}/verify`);
    await page.fill('#verify-input', identifier);
    await page.click('#verify-submit');
    await page.waitForSelector('#verdict[data-verdict]:not([data-verdict=""])', { timeout: 10_000 });
    await page.waitForFunction(() => document.querySelector('#verdict')?.getAttribute('data-verdict') !== 'checking', undefined, { timeout: 10_000 });
    return { verdict: await page.getAttribute('#verdict', 'data-verdict'), text: (await page.textContent('#verdict')) ?? '' };
  } finally {
    await page.close();
  }
}

describe('/verify on a licence whose standing changed', () => {
  itWithBrowser('says suspended while the licence is suspended, and revoked once it is revoked', async () => {
    const enterprise = await registerOk(hub);
    const read = await graphql<any>(hub.url, `query E($uscc: String!) { enterprise(uscc: $uscc) { licences { id identifier licenceTypeCode } } }`, {
      token: hub.tokens.clerk,
      variables: { uscc: enterprise.uscc },
    });
    const licence = read.body.data.enterprise.licences[0];
    expect(licence.identifier).toBeTruthy();
    expect((await verdictOf(licence.identifier)).verdict).toBe('valid');

    const act = (mutation: 'suspendLicence' | 'revokeLicence', reason: string) =>
      graphql<any>(hub.url, `mutation M($id: ID!, $reason: String!) { ${mutation}(id: $id, reason: $reason, document: "昭市监处〔2026〕9号") { status } }`, {
        token: hub.tokens.clerk,
        variables: { id: licence.id, reason },
      });
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
