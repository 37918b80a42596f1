import { createPublicKey, verify as verifySignature } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeLicenceIdentifier, parseLicenceIdentifier } from '../../domain/licence-identifier.js';
import { graphql } from '../support/graphql-client.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { issueOk, verify } from './licence-fixtures.js';

/**
 * An offline verifier as a department or citizen would write it: node:crypto and the published
 * JWKS, nothing of the hub's code.
 */
function verifyOffline(compact: string, jwks: { keys: Array<Record<string, string>> }): { ok: boolean; document?: any } {
  const [protectedHeader, payload, signature] = compact.split('.');
  const header = JSON.parse(Buffer.from(protectedHeader, 'base64url').toString('utf8'));
  const jwk = jwks.keys.find((key) => key.kid === header.kid);
  if (!jwk || header.alg !== 'EdDSA') return { ok: false };
  const key = createPublicKey({ key: { kty: jwk.kty, crv: jwk.crv, x: jwk.x }, format: 'jwk' });
  const ok = verifySignature(null, Buffer.from(`${protectedHeader}.${payload}`), key, Buffer.from(signature, 'base64url'));
  return ok ? { ok, document: JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) } : { ok };
}

describe('verifying licences, online and offline', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(() => hub.stop());

  const exportLicence = async (id: string) => {
    const response = await graphql<{ exportLicence: { compact: string; json: any; jwksPath: string } }>(
      hub.url,
      `
        query ($id: ID!) {
          exportLicence(id: $id) {
            compact
            json
            jwksPath
          }
        }
      `,
      { token: hub.tokens.system.SW, variables: { id } },
    );
    return response.body.data!.exportLicence;
  };
  const jwks = async () => (await fetch(`${hub.url}/.well-known/jwks.json`)).json() as Promise<{ keys: Array<Record<string, string>> }>;

  it('answers anyone, without a credential, with only the public fields', async () => {
    const licence = await issueOk(hub);
    const result = await verify(hub, licence.identifier);
    expect(result).toMatchObject({
      valid: true,
      outcome: 'VALID',
      licence: { name: '建筑工程施工许可证', issuerName: '广元市昭化区住房和城乡建设局' },
    });
    expect(Object.keys(result.licence.publicFields).sort()).toEqual(['constructionAreaSqm', 'contractor', 'projectAddress', 'projectName']);
    expect(JSON.stringify(result)).not.toContain('1520.36');
  });

  it('catches an identifier with one character changed before any lookup', async () => {
    const licence = await issueOk(hub);
    const serialStart = licence.identifier.lastIndexOf('.', licence.identifier.length - 7) + 1;
    const digit = licence.identifier[serialStart + 9];
    const mistyped =
      licence.identifier.slice(0, serialStart + 9) + (digit === '1' ? '2' : '1') + licence.identifier.slice(serialStart + 10);
    expect(await verify(hub, mistyped)).toMatchObject({ valid: false, outcome: 'BAD_CHECK_CHARACTER', licence: null });
    expect(await verify(hub, 'not-an-identifier')).toMatchObject({ valid: false, outcome: 'MALFORMED_IDENTIFIER' });
  });

  it('tells a well-formed identifier the hub never issued from a forged record', async () => {
    const licence = await issueOk(hub);
    const parts = parseLicenceIdentifier(licence.identifier);
    if (!parts.ok) throw new Error('issued identifier does not parse');
    const neverIssued = composeLicenceIdentifier({ ...parts.parts, serial: '99999999999999' });
    expect((await verify(hub, neverIssued)).outcome).toBe('UNKNOWN_IDENTIFIER');

    // Someone with database access changes the licence's area: the signature no longer holds.
    await hub.orm.em
      .fork()
      .execute(`update licence set fields = jsonb_set(fields, '{constructionAreaSqm}', '99999') where id = ?`, [licence.id]);
    expect(await verify(hub, licence.identifier)).toMatchObject({ valid: false, outcome: 'BAD_SIGNATURE' });
  });

  it('exports a signed document that verifies offline with the JWKS alone, and fails when tampered with', async () => {
    const licence = await issueOk(hub);
    const exported = await exportLicence(licence.id);
    expect(exported.jwksPath).toBe('/.well-known/jwks.json');
    const keys = await jwks();
    const offline = verifyOffline(exported.compact, keys);
    expect(offline.ok).toBe(true);
    expect(offline.document).toMatchObject({
      identifier: licence.identifier,
      holder: { code: licence.holderCode },
      fields: { contractPriceWanYuan: '1520.36' },
    });
    expect(exported.json).toEqual({
      protected: exported.compact.split('.')[0],
      payload: exported.compact.split('.')[1],
      signature: exported.compact.split('.')[2],
    });

    const document = JSON.parse(Buffer.from(exported.compact.split('.')[1], 'base64url').toString('utf8'));
    document.validTo = '2099-12-31';
    const forgedPayload = Buffer.from(JSON.stringify(document)).toString('base64url');
    const [header, , signature] = exported.compact.split('.');
    expect(verifyOffline(`${header}.${forgedPayload}.${signature}`, keys).ok).toBe(false);
  });

  it('keeps earlier licences verifiable after the signing key is rotated', async () => {
    const before = await issueOk(hub);
    const rotated = await graphql<{ rotateSigningKey: string }>(hub.url, 'mutation { rotateSigningKey }', { token: hub.tokens.admin });
    const newKid = rotated.body.data!.rotateSigningKey;
    const after = await issueOk(hub);
    const keys = await jwks();
    expect(keys.keys.map((key) => key.kid)).toContain(newKid);
    const [oldExport, newExport] = [await exportLicence(before.id), await exportLicence(after.id)];
    expect(JSON.parse(Buffer.from(newExport.compact.split('.')[0], 'base64url').toString()).kid).toBe(newKid);
    expect(JSON.parse(Buffer.from(oldExport.compact.split('.')[0], 'base64url').toString()).kid).not.toBe(newKid);
    expect(verifyOffline(oldExport.compact, keys).ok).toBe(true);
    expect(verifyOffline(newExport.compact, keys).ok).toBe(true);
    expect((await verify(hub, before.identifier)).valid).toBe(true);

    const refused = await graphql(hub.url, 'mutation { rotateSigningKey }', { token: hub.tokens.system.SW });
    expect(refused.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});
