import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * HMAC-SHA256 over `<timestamp>.<body>`, the scheme Stripe and GitHub popularised: the timestamp
 * is signed too, so a captured request cannot be replayed later with a fresh timestamp.
 */
export const SIGNATURE_HEADER = 'x-hub-signature';
export const TIMESTAMP_HEADER = 'x-hub-timestamp';

export function sign(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

export function verifySignature(
  secret: string,
  input: { timestamp: string | undefined; signature: string | undefined; body: string },
  toleranceSeconds: number,
  now: Date = new Date(),
): SignatureCheck {
  if (!input.timestamp || !/^\d+$/.test(input.timestamp)) return { ok: false, reason: `${TIMESTAMP_HEADER} must be Unix seconds` };
  if (!input.signature) return { ok: false, reason: `${SIGNATURE_HEADER} is missing` };
  if (Math.abs(now.getTime() / 1000 - Number(input.timestamp)) > toleranceSeconds) {
    return { ok: false, reason: `${TIMESTAMP_HEADER} is more than ${toleranceSeconds} s from the hub's clock` };
  }
  const expected = Buffer.from(sign(secret, input.timestamp, input.body));
  const given = Buffer.from(input.signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given))
    return { ok: false, reason: 'signature does not match the body' };
  return { ok: true };
}
