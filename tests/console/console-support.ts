/// <reference lib="dom" />
import { createPublicKey, verify } from 'node:crypto';
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import type { Browser, Page } from 'playwright-core';
import { hubOnlyPage } from '../support/browser.js';

// jsqr is CommonJS declaring an ES default export: the function is `.default` to TypeScript, the module itself to Node.
const jsQR = ((jsQRModule as unknown as { default?: unknown }).default ?? jsQRModule) as typeof jsQRModule.default;

/** A page the size of the window's screen (1366×768) in a Chinese browser, drawn at twice the pixels so a QR code decodes from a screenshot. */
export async function windowPage(browser: Browser, hubUrl: string): Promise<{ page: Page; foreign: string[] }> {
  return hubOnlyPage(browser, hubUrl, {
    viewport: { width: 1366, height: 768 },
    deviceScaleFactor: 2,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
}

/** Opens /console in `page` and signs in with `token`, typed and sent with Enter, as a clerk would. */
export async function signIn(page: Page, hubUrl: string, token: string): Promise<void> {
  await page.goto(`${hubUrl}/console`);
  await page.waitForSelector('#sign-in[open]');
  await page.focus('#token-input');
  await page.keyboard.type(token);
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => !document.querySelector<HTMLDialogElement>('#sign-in')?.open, undefined, { timeout: 15_000 });
}

/** GB 11643's check character, so a test can write an ID number whose only fault is elsewhere. */
export function withIdCheck(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((total, digit, index) => total + Number(digit) * weights[index]!, 0);
  return first17 + '10X98765432'[sum % 11];
}

let serial = 0;
/** The facts of a valid company in 昭化区, each call a new name. */
export function companyFacts(prefix = '窗口测试'): Record<string, string> {
  serial += 1;
  return {
    name: `广元市昭化区${prefix}${process.pid}${serial}商贸有限公司`,
    legalRepresentative: '李明',
    registeredCapitalWanYuan: '50.5',
    address: '四川省广元市昭化区元坝镇解放街1号',
    divisionCode: '510811',
    industryCode: 'F5211',
    businessScope: '日用百货销售',
  };
}

/** Types the facts into the registration form. */
export async function fillRegistration(page: Page, facts: Record<string, string>): Promise<void> {
  for (const [name, value] of Object.entries(facts)) {
    if (name === 'kind') await page.selectOption('#f-kind', value);
    else await page.fill(`#f-${name}`, value);
  }
}

/** The text a QR code in a PNG holds, or null when none decodes. */
export function decodeQr(png: Buffer): string | null {
  const image = PNG.sync.read(png);
  const found = jsQR(new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length), image.width, image.height);
  return found?.data ?? null;
}

/** Checks a compact JWS against a JWKS with node:crypto alone (Ed25519), returning its payload when it verifies. */
export function verifyOffline(compact: string, jwks: { keys: Array<Record<string, string>> }): Record<string, any> | null {
  const [protectedPart, payloadPart, signature] = compact.split('.') as [string, string, string];
  const header = JSON.parse(Buffer.from(protectedPart, 'base64url').toString('utf8')) as { alg: string; kid: string };
  const jwk = jwks.keys.find((key) => key.kid === header.kid);
  if (header.alg !== 'EdDSA' || !jwk) return null;
  const key = createPublicKey({ key: { kty: jwk.kty!, crv: jwk.crv!, x: jwk.x! }, format: 'jwk' });
  const ok = verify(null, Buffer.from(`${protectedPart}.${payloadPart}`), key, Buffer.from(signature, 'base64url'));
  return ok ? (JSON.parse(Buffer.from(payloadPart, 'base64url').toString('utf8')) as Record<string, any>) : null;
}

/** The same JWS with one fact of its payload changed and the signature kept: what a forger would print. */
export function forge(compact: string): string {
  const [protectedPart, payloadPart, signature] = compact.split('.') as [string, string, string];
  const document = JSON.parse(Buffer.from(payloadPart, 'base64url').toString('utf8')) as { holder: { name: string } };
  document.holder.name = `${document.holder.name}（伪）`;
  return `${protectedPart}.${Buffer.from(JSON.stringify(document)).toString('base64url')}.${signature}`;
}

/** How many pages a PDF has (its page objects). */
export function pdfPageCount(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
}
