import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * API tokens look like `hub_<keyId>_<secret>`: the key id finds the credential row, the secret
 * proves possession. Only the secret's SHA-256 is stored and it is compared in constant time.
 */
const TOKEN_PATTERN = /^hub_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

export interface ParsedToken {
  keyId: string;
  secret: string;
}

export interface NewToken extends ParsedToken {
  token: string;
  secretSha256: string;
}

export function generateToken(): NewToken {
  const keyId = randomBytes(8).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { keyId, secret, token: `hub_${keyId}_${secret}`, secretSha256: sha256Hex(secret) };
}

export function parseToken(token: string): ParsedToken | undefined {
  const match = TOKEN_PATTERN.exec(token);
  return match ? { keyId: match[1], secret: match[2] } : undefined;
}

export function secretMatches(secret: string, storedSha256: string): boolean {
  const presented = Buffer.from(sha256Hex(secret), 'hex');
  const stored = Buffer.from(storedSha256, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}

function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}
