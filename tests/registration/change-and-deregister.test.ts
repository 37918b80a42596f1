import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EnterpriseChange } from '../../entities/enterprise-change.js';
import { OutboxEvent } from '../../entities/outbox-event.js';
import { graphql } from '../support/graphql-client.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { companyInput, registerOk } from './registration-fixtures.js';

const CHANGE = `
  mutation Change($uscc: String!, $version: Int!, $changes: EnterpriseChangesInput!, $document: String!) {
    changeEnterprise(uscc: $uscc, expectedVersion: $version, changes: $changes, document: $document) {
      enterprise {
        name address registeredCapitalWanYuan version
        changes { field oldValue newValue changedBy document }
        licences { licenceTypeCode holderName status licenceVersion identifier supersededBy }
        registrations { kind document receipts { department { code } status } }
      }
      registration { kind }
    }
  }
`;

const DEREGISTER = `
  mutation Deregister($uscc: String!, $version: Int!) {
    deregisterEnterprise(uscc: $uscc, expectedVersion: $version, document: "昭市监销字〔2026〕12号") {
      cancelledLicences
      enterprise { status version licences { status } }
    }
  }
`;

describe('changes (变更) and deregistration (注销)', () => {
  let hub: TestHub;
  const statements: string[] = [];
  beforeAll(async () => {
    hub = await startTestHub({}, { debug: ['query'], colors: false, logger: (message: string) => statements.push(message) });
  });
  afterAll(() => hub.stop());

  const change = (variables: Record<string, unknown>, token = hub.tokens.clerk) =>
    graphql<{ changeEnterprise: any }>(hub.url, CHANGE, { token, variables: { document: '昭市监变字〔2026〕7号', ...variables } });
  const deregister = (variables: Record<string, unknown>, token = hub.tokens.clerk) =>
    graphql<{ deregisterEnterprise: any }>(hub.url, DEREGISTER, { token, variables });

  it('applies a change at the version read, keeps the history, re-issues the licence facts and fans out', async () => {
    const enterprise = await registerOk(hub);
    const newName = `${enterprise.name}（更名）`;
    const response = await change({
      uscc: enterprise.uscc,
      version: 1,
      changes: { name: newName, address: '四川省广元市昭化区昭化镇太守街8号', registeredCapitalWanYuan: '100' },
    });
    expect(response.body.errors).toBeUndefined();
    const changed = response.body.data!.changeEnterprise.enterprise;
    expect(changed).toMatchObject({ name: newName, registeredCapitalWanYuan: '100.000000', version: 2 });
    expect(changed.changes).toEqual(
      expect.arrayContaining([
        { field: 'name', oldValue: enterprise.name, newValue: newName, changedBy: 'SCJG/测试员', document: '昭市监变字〔2026〕7号' },
        expect.objectContaining({ field: 'registeredCapitalWanYuan', oldValue: '50.500000', newValue: '100.000000' }),
      ]),
    );
    expect(changed.changes).toHaveLength(3);
    // The business licence is re-issued (换照) as its next version; the first points to it.
    const [first, second] = changed.licences;
    expect(second).toMatchObject({ licenceTypeCode: 'BUSINESS_LICENCE', holderName: newName, status: 'VALID', licenceVersion: 2 });
    expect(first).toMatchObject({ holderName: enterprise.name, status: 'CANCELLED', supersededBy: second.identifier });
    expect(changed.registrations.map((registration: { kind: string }) => registration.kind)).toEqual(['ESTABLISHMENT', 'CHANGE']);

    const events = await hub.orm.em.fork().find(OutboxEvent, { aggregateKey: enterprise.uscc }, { orderBy: { sequence: 'asc' } });
    const changedEvents = events.filter((event) => event.eventType === 'enterprise.changed');
    expect(changedEvents).toHaveLength(4);
    // Per record, the registration is queued before the change.
    expect(events.findIndex((event) => event.eventType === 'enterprise.registered')).toBeLessThan(events.indexOf(changedEvents[0]));
    expect(changedEvents[0].payload).toMatchObject({ enterprise: { name: newName, version: 2 } });
  });

  it('writes everything a change writes in one statement, after reading and locking the entity and its licence', async () => {
    const registered = await registerOk(hub, companyInput({ name: '广元市一次写入变更有限公司' }));
    statements.length = 0;
    const response = await change({ uscc: registered.uscc, version: 1, changes: { address: '四川省广元市昭化区元坝镇一次写入路1号' } });
    expect(response.body.errors).toBeUndefined();
    // The hub's background work may log statements of its own meanwhile: only the change's tables are counted.
    const touching = (table: string) => statements.filter((statement) => new RegExp(`(insert into|update) "${table}"`).test(statement));
    const [write, ...more] = touching('enterprise');
    expect(more).toEqual([]);
    for (const table of ['licence', 'licence_status_change', 'registration', 'enterprise_change', 'registration_receipt', 'outbox_event']) {
      expect(write).toMatch(new RegExp(`(insert into|update) "${table}"`));
      expect(touching(table)).toEqual([write]);
    }
    expect(statements.filter((statement) => /for update/.test(statement))).toHaveLength(2);
  });

  it('refuses a change against a stale version with CONFLICT, writing nothing', async () => {
    const enterprise = await registerOk(hub);
    expect((await change({ uscc: enterprise.uscc, version: 1, changes: { address: '新地址一' } })).body.errors).toBeUndefined();
    const stale = await change({ uscc: enterprise.uscc, version: 1, changes: { address: '新地址二' } });
    expect(stale.body.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'expectedVersion', currentVersion: 2 });
    const history = await hub.orm.em.fork().find(EnterpriseChange, { enterprise: { uscc: enterprise.uscc } });
    expect(history.map((entry) => entry.newValue)).toEqual(['新地址一']);
  });

  it('lets only one of two clerks racing on the same version win', async () => {
    const enterprise = await registerOk(hub);
    const results = await Promise.all([
      change({ uscc: enterprise.uscc, version: 1, changes: { address: '甲地址' } }),
      change({ uscc: enterprise.uscc, version: 1, changes: { address: '乙地址' } }),
    ]);
    const codes = results.map((result) => result.body.errors?.[0].extensions?.code ?? 'OK').sort();
    expect(codes).toEqual(['CONFLICT', 'OK']);
  });

  it.each([
    ['no field', {}, 'changes', /names no field/],
    ['a value already registered', { address: '四川省广元市昭化区元坝镇解放街1号' }, 'changes', /already the registered one/],
    ['an empty name', { name: ' ' }, 'changes.name', /must not be empty/],
    ['capital with too many decimals', { registeredCapitalWanYuan: '0.0000001' }, 'changes.registeredCapitalWanYuan', /decimal places/],
  ])('refuses a change with %s', async (_case, changes, field, reason) => {
    const enterprise = await registerOk(hub);
    const response = await change({ uscc: enterprise.uscc, version: 1, changes });
    expect(response.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(response.body.errors?.[0].message).toMatch(reason);
  });

  it('refuses a change to the name of another active entity', async () => {
    const first = await registerOk(hub);
    const second = await registerOk(hub);
    const response = await change({ uscc: second.uscc, version: 1, changes: { name: first.name } });
    expect(response.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'changes.name' });
  });

  it('answers NOT_FOUND for a valid code no entity has, and FORBIDDEN to a department that did not register it', async () => {
    const missing = await change({ uscc: '91110000600037341L', version: 1, changes: { address: 'x' } });
    expect(missing.body.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'uscc' });
    const enterprise = await registerOk(hub);
    const foreign = await change({ uscc: enterprise.uscc, version: 1, changes: { address: 'x' } }, hub.tokens.system.SW);
    expect(foreign.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('deregisters once: licences cancelled, the name free again; a second deregistration is refused', async () => {
    const enterprise = await registerOk(hub);
    const first = await deregister({ uscc: enterprise.uscc, version: 1 });
    expect(first.body.errors).toBeUndefined();
    expect(first.body.data!.deregisterEnterprise).toMatchObject({
      cancelledLicences: 1,
      enterprise: { status: 'DEREGISTERED', version: 2, licences: [{ status: 'CANCELLED' }] },
    });
    const events = await hub.orm.em.fork().count(OutboxEvent, { aggregateKey: enterprise.uscc, eventType: 'enterprise.deregistered' });
    expect(events).toBe(4);

    const again = await deregister({ uscc: enterprise.uscc, version: 2 });
    expect(again.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'uscc' });
    expect(again.body.errors?.[0].message).toMatch(/already deregistered/);

    const afterChange = await change({ uscc: enterprise.uscc, version: 2, changes: { address: 'x' } });
    expect(afterChange.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'uscc' });

    const reused = await registerOk(hub, companyInput({ name: enterprise.name }));
    expect(reused.uscc).not.toBe(enterprise.uscc);
  });
});
