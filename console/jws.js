/*
 * Checks a licence's compact JWS (the QR-code payload) in the browser, against the hub's published
 * keys (/.well-known/jwks.json): Ed25519 with WebCrypto, no library. The signature covers the
 * licence's facts, not its status; the status is asked of the hub afterwards.
 */
const COMPACT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

export const looksLikeJws = (text) => COMPACT.test(text);

export function base64urlBytes(text) {
  const base64 = text
    .replaceAll('-', '+')
    .replaceAll('_', '/')
    .padEnd(Math.ceil(text.length / 4) * 4, '=');
  const binary = atob(base64);
  return Uint8Array.from(binary, (character) => character.charCodeAt(0));
}

const decodeJson = (part) => JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(base64urlBytes(part)));

/**
 * { ok: true, header, document } when a key of the JWKS signed it; otherwise { ok: false, reason }
 * in Chinese: unreadable, an algorithm or key the hub does not use, or a signature that fails.
 */
export async function verifyCompactJws(compact, jwks) {
  const [protectedPart, payloadPart, signaturePart] = compact.split('.');
  let header;
  let document;
  try {
    header = decodeJson(protectedPart);
    document = decodeJson(payloadPart);
  } catch {
    return { ok: false, reason: '二维码内容无法解读：不是本平台签发的电子证照' };
  }
  if (header.alg !== 'EdDSA') return { ok: false, reason: `签名算法 ${String(header.alg)} 不是本平台使用的 EdDSA` };
  const jwk = (jwks.keys || []).find((key) => key.kid === header.kid);
  if (!jwk) return { ok: false, reason: '签名所用的密钥不是本平台公布的密钥' };
  const key = await crypto.subtle.importKey('jwk', { kty: jwk.kty, crv: jwk.crv, x: jwk.x }, { name: 'Ed25519' }, false, ['verify']);
  let signature;
  try {
    signature = base64urlBytes(signaturePart);
  } catch {
    return { ok: false, reason: '签名无法解读' };
  }
  const valid = await crypto.subtle.verify(
    { name: 'Ed25519' },
    key,
    signature,
    new TextEncoder().encode(`${protectedPart}.${payloadPart}`),
  );
  return valid
    ? { ok: true, header, document }
    : { ok: false, reason: '签名与证照内容不符：内容被改动过，或签名是伪造的', header, document };
}
