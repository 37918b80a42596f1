import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedSharingLevels } from '../../domain/sharing/seed-sharing-policy.js';
import { SharingGrant } from '../../entities/sharing-grant.js';
import { SharingPolicy } from '../../entities/sharing-policy.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';

/** What every start does to a database made before a field existed (server/main.ts). */
describe('default sharing levels on an existing database', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(() => hub.stop());

  it('adds the level of a field the database has no row for, keeps levels and grants as admins left them', async () => {
    const em = hub.orm.em.fork();
    await em.nativeDelete(SharingPolicy, { typeName: 'Enterprise', fieldName: 'socialInsuranceAccount' });
    await em.nativeUpdate(SharingPolicy, { typeName: 'Enterprise', fieldName: 'address' }, { level: 'NOT_SHARED' as never });
    await em.nativeDelete(SharingGrant, {});

    await seedSharingLevels(hub.orm.em.fork());

    const rows = await hub.orm.em
      .fork()
      .find(SharingPolicy, { typeName: 'Enterprise', fieldName: { $in: ['socialInsuranceAccount', 'address'] } }, { populate: ['owner'] });
    expect(Object.fromEntries(rows.map((row) => [row.fieldName, [row.level, row.owner.code]]))).toEqual({
      socialInsuranceAccount: ['CONDITIONAL', 'RS'],
      address: ['NOT_SHARED', 'SCJG'],
    });
    expect(await hub.orm.em.fork().count(SharingGrant, {})).toBe(0);
  });
});
