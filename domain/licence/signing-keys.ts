import { createPrivateKey, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/sql';
import { SigningKey } from '../../entities/signing-key.js';
import { referenceDataOf } from '../reference-data/reference-data.js';

/** Parsed private keys, by the key they belong to: reading the PEM is most of a signature's cost. */
const privateKeys = new WeakMap<SigningKey, KeyObject>();

function privateKeyOf(key: SigningKey): KeyObject {
  let parsed = privateKeys.get(key);
  if (!parsed) {
    parsed = createPrivateKey(key.privateKeyPem);
    privateKeys.set(key, parsed);
  }
  return parsed;
}

export interface PublicJwk {
  kty: string;
  crv: string;
  x: string;
  kid: string;
  alg: 'EdDSA';
  use: 'sig';
}

/** The key new licences are signed with; the first use on a new database makes one. */
export async function activeSigningKey(em: EntityManager): Promise<SigningKey> {
  const referenceData = referenceDataOf(em);
  const current = referenceData
    ? await referenceData.activeSigningKey()
    : await em.findOne(SigningKey, { retiredAt: null }, { orderBy: { createdAt: 'desc' }, populate: ['privateKeyPem'] });
  return current ?? createSigningKey(em);
}

/** Retires the active key (it stays published, so what it signed still verifies) and makes a new one. */
export async function rotateSigningKey(em: EntityManager): Promise<SigningKey> {
  return em.transactional(async (tx) => {
    await tx.nativeUpdate(SigningKey, { retiredAt: null }, { retiredAt: new Date() });
    return createSigningKey(tx);
  });
}

/** Every key the hub has signed with, as a JWKS (RFC 7517): what an offline verifier needs. */
export async function publishedKeys(em: EntityManager): Promise<{ keys: PublicJwk[] }> {
  const keys = await em.find(SigningKey, {}, { orderBy: { createdAt: 'asc' } });
  return { keys: keys.map((key) => toPublicJwk(key)) };
}

export function toPublicJwk(key: SigningKey): PublicJwk {
  return { kty: key.publicJwk.kty, crv: key.publicJwk.crv, x: key.publicJwk.x, kid: key.kid, alg: 'EdDSA', use: 'sig' };
}

/** Ed25519 signature (base64url) of `data` with `key`. */
export function signWith(key: SigningKey, data: string): string {
  return sign(null, Buffer.from(data), privateKeyOf(key)).toString('base64url');
}

async function createSigningKey(em: EntityManager): Promise<SigningKey> {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const jwk = publicKey.export({ format: 'jwk' });
  const key = em.create(SigningKey, {
    kid: `hub-${new Date().toISOString().slice(0, 10)}-${randomBytes(4).toString('hex')}`,
    publicJwk: { kty: jwk.kty!, crv: jwk.crv!, x: jwk.x! },
    privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
  });
  await em.flush();
  return key;
}
