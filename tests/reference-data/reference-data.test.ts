import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IntegratedCertificate } from '../../entities/integrated-certificate.js';
import { LicenceType } from '../../entities/licence-type.js';
import { loadConfig } from '../../server/config.js';
import { startHub, type RunningHub } from '../../server/hub.js';
import { createLogger } from '../../support/logger.js';
import { issueOk } from '../licences/licence-fixtures.js';
import { graphql } from '../support/graphql-client.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const CERTIFICATES = `query($kind: EnterpriseKind!, $date: String) { integratedCertificates(kind: $kind, date: $date) { code } }`;
const DATE = '2026-12-01';

/**
 * Reference data (integrated certificates, licence types, the signing key) is read once per process
 * and forgotten after a commit that changes it: on the instance that wrote it at once, on the
 * others when the change is announced over Redis. A change that rolls back changes nothing.
 */
describe('reference data kept per process', () => {
  let first: TestHub;
  let second: RunningHub;
  beforeAll(async () => {
    first = await startTestHub({ redisUrl: REDIS_URL });
    // A second instance on the same database and Redis; it only reads here.
    second = await startHub(
      {
        ...loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }),
        host: '127.0.0.1',
        port: 0,
        database: first.database.config,
        redisUrl: REDIS_URL,
      },
      createLogger('silent'),
    );
  });
  afterAll(async () => {
    await second?.close();
    await first?.stop();
  });

  const certificateCodes = async (hub: RunningHub) => {
    const response = await graphql<{ integratedCertificates: Array<{ code: string }> }>(hub.url, CERTIFICATES, {
      token: first.tokens.system.SW,
      variables: { kind: 'COMPANY', date: DATE },
    });
    expect(response.body.errors).toBeUndefined();
    return response.body.data!.integratedCertificates.map((certificate) => certificate.code);
  };

  it('sees a certificate ended on one instance at once there and, once announced, on the other', async () => {
    const before = await certificateCodes(second);
    expect(await certificateCodes(first)).toEqual(before);
    const ended = before.find((code) => code !== 'BUSINESS_LICENCE')!;

    const em = first.orm.em.fork();
    // A change that rolls back is never seen.
    await em
      .transactional(async (tx) => {
        (await tx.findOneOrFail(IntegratedCertificate, { code: ended })).effectiveTo = '2026-11-30';
        await tx.flush();
        throw new Error('rolled back');
      })
      .catch(() => undefined);
    expect(await certificateCodes(first)).toEqual(before);

    const certificate = await em.findOneOrFail(IntegratedCertificate, { code: ended });
    certificate.effectiveTo = '2026-11-30';
    await em.flush();
    const after = before.filter((code) => code !== ended);
    expect(await certificateCodes(first)).toEqual(after);
    await expect.poll(() => certificateCodes(second), { timeout: 5_000 }).toEqual(after);

    certificate.effectiveTo = null;
    await em.flush();
    expect(await certificateCodes(first)).toEqual(before);
    await expect.poll(() => certificateCodes(second), { timeout: 5_000 }).toEqual(before);
  });

  it('signs with a rotated key from the next licence on', async () => {
    const kidOf = async (licenceId: string) => {
      const exported = await graphql<{ exportLicence: { compact: string } }>(
        first.url,
        `
          query ($id: ID!) {
            exportLicence(id: $id) {
              compact
            }
          }
        `,
        {
          token: first.tokens.admin,
          variables: { id: licenceId },
        },
      );
      const [header] = exported.body.data!.exportLicence.compact.split('.');
      return (JSON.parse(Buffer.from(header, 'base64url').toString()) as { kid: string }).kid;
    };
    const signedBefore = await kidOf((await issueOk(first)).id);
    const rotated = await graphql<{ rotateSigningKey: string }>(first.url, 'mutation { rotateSigningKey }', { token: first.tokens.admin });
    const newKid = rotated.body.data!.rotateSigningKey;
    expect(newKid).not.toBe(signedBefore);
    expect(await kidOf((await issueOk(first)).id)).toBe(newKid);
  });
  it('names a licence’s type as renamed, on one instance at once and on the other once announced', async () => {
    const licence = await issueOk(first);
    const typeName = async (hub: RunningHub) => {
      const response = await graphql<{ licence: { type: { name: string } } }>(
        hub.url,
        'query($id: ID!) { licence(id: $id) { type { name } } }',
        {
          token: first.tokens.admin,
          variables: { id: licence.id },
        },
      );
      expect(response.body.errors).toBeUndefined();
      return response.body.data!.licence.type.name;
    };
    // Read on both, so both keep the type.
    const before = await typeName(first);
    expect(await typeName(second)).toBe(before);
    const em = first.orm.em.fork();
    const type = await em.findOneOrFail(LicenceType, { code: licence.licenceTypeCode });
    type.name = `${before}（更名）`;
    await em.flush();
    expect(await typeName(first)).toBe(`${before}（更名）`);
    await expect.poll(() => typeName(second), { timeout: 5_000 }).toBe(`${before}（更名）`);
    type.name = before;
    await em.flush();
    expect(await typeName(first)).toBe(before);
    await expect.poll(() => typeName(second), { timeout: 5_000 }).toBe(before);
  });
});
