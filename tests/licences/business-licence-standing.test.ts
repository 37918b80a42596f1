import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboxEvent } from '../../entities/outbox-event.js';
import { graphql } from '../support/graphql-client.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { registerOk } from '../registration/registration-fixtures.js';
import { foodBusinessLicence, issue } from './licence-fixtures.js';

const ENTERPRISE = `
  query($uscc: String!) { enterprise(uscc: $uscc) {
    status version deregisteredAt
    licences { id licenceTypeCode status }
    registrations { kind document receipts { department { code } } }
    changes { field oldValue newValue changedBy document }
  } }
`;

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(() => hub?.stop());

// Read as the registering department: who keyed a change is internal to it (EnterpriseChange.changedBy).
const enterprise = async (uscc: string) =>
  (await graphql<any>(hub.url, ENTERPRISE, { token: hub.tokens.system.SCJG, variables: { uscc } })).body.data!.enterprise;
const act = (mutation: string, id: string, token = hub.tokens.system.SCJG) =>
  graphql<any>(
    hub.url,
    `mutation($id: ID!) { ${mutation}(id: $id, reason: "责令停产停业后逾期不改正", document: "昭市监处罚〔2026〕9号") { status } }`,
    { token, variables: { id } },
  );
const businessLicence = async (uscc: string) =>
  (await enterprise(uscc)).licences.find((licence: any) => licence.licenceTypeCode === 'BUSINESS_LICENCE');
const events = (uscc: string, eventType: string) =>
  hub.orm.em.fork().find(OutboxEvent, { aggregateKey: uscc, eventType }, { populate: ['department'] });

describe('the business licence is the entity’s standing (一照一码)', () => {
  it('revoking it (吊销) makes the entity REVOKED, with a registration act, its history and an event for every receiver', async () => {
    const registered = await registerOk(hub);
    const licence = await businessLicence(registered.uscc);
    expect((await act('revokeLicence', licence.id)).body.data.revokeLicence.status).toBe('REVOKED');

    const after = await enterprise(registered.uscc);
    expect(after).toMatchObject({ status: 'REVOKED', version: registered.version + 1, deregisteredAt: null });
    expect(after.registrations.map((registration: any) => registration.kind)).toEqual(
      expect.arrayContaining(['ESTABLISHMENT', 'REVOCATION']),
    );
    expect(after.registrations.find((registration: any) => registration.kind === 'REVOCATION')).toMatchObject({
      document: '昭市监处罚〔2026〕9号',
    });
    expect(after.changes).toEqual([
      {
        field: 'status',
        oldValue: 'ACTIVE',
        newValue: 'REVOKED',
        changedBy: expect.stringMatching(/^SCJG\//),
        document: '昭市监处罚〔2026〕9号',
      },
    ]);
    const revoked = await events(registered.uscc, 'enterprise.revoked');
    expect(revoked.map((event) => event.department.code).sort()).toEqual(['RS', 'SW', 'TJ', 'ZJ']);
    expect(revoked[0]!.payload).toMatchObject({ registrationKind: 'REVOCATION', enterprise: { status: 'REVOKED' } });
  });

  it('cancelling it (注销) deregisters the entity and cancels its other live licences', async () => {
    const registered = await registerOk(hub, undefined);
    const food = await issue(hub, foodBusinessLicence(registered.uscc, registered.name), hub.tokens.system.SCJG);
    expect(food.body.errors).toBeUndefined();
    const licence = await businessLicence(registered.uscc);
    expect((await act('cancelLicence', licence.id)).body.data.cancelLicence.status).toBe('CANCELLED');

    const after = await enterprise(registered.uscc);
    expect(after.status).toBe('DEREGISTERED');
    expect(after.deregisteredAt).not.toBeNull();
    expect(after.licences.map((each: any) => each.status)).toEqual(['CANCELLED', 'CANCELLED']);
    expect(after.registrations.map((registration: any) => registration.kind)).toContain('DEREGISTRATION');
    expect(after.changes).toMatchObject([{ field: 'status', oldValue: 'ACTIVE', newValue: 'DEREGISTERED' }]);
    expect(await events(registered.uscc, 'enterprise.deregistered')).toHaveLength(4);
  });

  it('suspending it (暂扣) leaves the entity active', async () => {
    const registered = await registerOk(hub);
    const licence = await businessLicence(registered.uscc);
    expect((await act('suspendLicence', licence.id)).body.data.suspendLicence.status).toBe('SUSPENDED');
    expect(await enterprise(registered.uscc)).toMatchObject({ status: 'ACTIVE', version: registered.version });
  });
});

describe('licence state errors', () => {
  it('are CONFLICTs that say where the licence stands, and write nothing', async () => {
    const registered = await registerOk(hub);
    const licence = await businessLicence(registered.uscc);
    const reinstate = await act('reinstateLicence', licence.id);
    expect(reinstate.body.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'id', status: 'VALID' });
    expect(reinstate.body.errors?.[0].message).toMatch(/is not suspended \(it is valid\); only a suspended licence can be reinstated/);

    await act('revokeLicence', licence.id);
    const again = await act('revokeLicence', licence.id);
    expect(again.body.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'id', status: 'REVOKED' });
    expect(again.body.errors?.[0].message).toMatch(/is already revoked \(REVOKED\)/);
    const suspend = await act('suspendLicence', licence.id);
    expect(suspend.body.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', status: 'REVOKED' });
    expect(suspend.body.errors?.[0].message).toMatch(
      /is revoked \(REVOKED\) and cannot be suspended; only a valid licence can be suspended/,
    );

    const after = await enterprise(registered.uscc);
    expect(after.registrations.filter((registration: any) => registration.kind === 'REVOCATION')).toHaveLength(1);
    expect(after.version).toBe(registered.version + 1);
  });
});
