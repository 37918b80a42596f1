import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseLicenceIdentifier } from '../../domain/licence-identifier.js';
import { Licence } from '../../entities/licence.js';
import { OutboxEvent } from '../../entities/outbox-event.js';
import { graphql } from '../support/graphql-client.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { constructionPermit, issue, issueOk } from './licence-fixtures.js';

describe('issueLicence', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(() => hub.stop());

  it('issues a signed licence with a GB/T 36904 identifier, its history, and an event for the subscribing departments', async () => {
    const before = await graphql<{ licenceCounts: { issued: number } }>(hub.url, '{ licenceCounts { issued } }', {
      token: hub.tokens.dashboard,
    });
    const licence = await issueOk(hub);
    const parsed = parseLicenceIdentifier(licence.identifier);
    expect(parsed.ok).toBe(true);
    expect(parsed.ok && parsed.parts).toMatchObject({ serial: licence.number, version: '001' });
    expect(licence).toMatchObject({
      name: '建筑工程施工许可证',
      holderCodeType: 'USCC',
      status: 'VALID',
      validTo: null,
      issuer: { code: 'ZJJ' },
      statusHistory: [{ fromStatus: null, toStatus: 'VALID', reason: 'issued', changedBy: 'ZJJ/ZJJ test system' }],
    });
    const events = await hub.orm.em.fork().find(OutboxEvent, { aggregateKey: licence.identifier }, { populate: ['department'] });
    expect(events.map((event) => `${event.eventType}→${event.department.code}`).sort()).toEqual([
      'licence.issued→GGZY',
      'licence.issued→SW',
    ]);
    const after = await graphql<{ licenceCounts: { issued: number } }>(hub.url, '{ licenceCounts { issued } }', {
      token: hub.tokens.dashboard,
    });
    expect(after.body.data!.licenceCounts.issued).toBe(before.body.data!.licenceCounts.issued + 1);
  });

  it('gives a type with a default validity its end date, and a citizen holder by resident ID', async () => {
    const food = await issueOk(
      hub,
      {
        licenceTypeCode: 'FOOD_BUSINESS_LICENCE',
        holderCode: '91110000600037341L',
        holderName: '某餐饮公司',
        validFrom: '2026-01-15',
        fields: { mainBusinessType: '餐饮服务经营者', businessItems: ['热食类食品制售'], premises: '昭化区太守街1号' },
      },
      hub.tokens.clerk,
    );
    expect(food.validTo).toBe('2031-01-14');
    const marriage = await issueOk(
      hub,
      {
        licenceTypeCode: 'MARRIAGE_CERTIFICATE',
        holderCode: '11010519491231002x',
        holderName: '张三',
        fields: { spouseName: '李四', registeredOn: '2026-11-20', registrationOffice: '昭化区民政局婚姻登记处' },
      },
      hub.tokens.system.MZ,
    );
    expect(marriage).toMatchObject({ holderCode: '11010519491231002X', holderCodeType: 'RESIDENT_ID' });
  });

  async function expectRefused(input: Record<string, unknown>, field: string, reason: RegExp, token?: string) {
    const before = await hub.orm.em.fork().count(Licence);
    const response = await issue(hub, input, token);
    expect(response.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(response.body.errors?.[0].message).toMatch(reason);
    expect(await hub.orm.em.fork().count(Licence)).toBe(before);
  }

  it.each([
    ['an unknown type', { licenceTypeCode: 'FISHING_PERMIT' }, 'input.licenceTypeCode', /no licence type/],
    ['fields missing a required one', { fields: { projectName: 'x' } }, 'input.fields', /required property/],
    [
      'a field of the wrong type',
      { fields: { ...(constructionPermit().fields as object), constructionAreaSqm: 'big' } },
      'input.fields.constructionAreaSqm',
      /must be number/,
    ],
    [
      'a field the type does not define',
      { fields: { ...(constructionPermit().fields as object), colour: 'red' } },
      'input.fields',
      /does not define: colour/,
    ],
    ['a validity end before its start', { validFrom: '2026-11-01', validTo: '2026-10-31' }, 'input.validTo', /before the first valid day/],
    ['a holder USCC with a wrong check character', { holderCode: '91110000600037341M' }, 'input.holderCode', /check character/],
    [
      'a citizen holder for an enterprise licence',
      { holderCode: '11010519491231002X' },
      'input.holderCode',
      /not issued to holders identified by RESIDENT_ID/,
    ],
  ])('refuses %s, writing nothing', async (_case, overrides, field, reason) => {
    await expectRefused(constructionPermit(overrides), field, reason);
  });

  it('refuses a resident ID with a wrong check digit', async () => {
    await expectRefused(
      {
        licenceTypeCode: 'MARRIAGE_CERTIFICATE',
        holderCode: '110105194912310021',
        holderName: '张三',
        fields: { spouseName: '李四', registeredOn: '2026-11-20', registrationOffice: '婚姻登记处' },
      },
      'input.holderCode',
      /check/i,
      hub.tokens.system.MZ,
    );
  });

  it('lets only the issuing department issue a type (FORBIDDEN to others)', async () => {
    const response = await issue(hub, constructionPermit(), hub.tokens.system.SW);
    expect(response.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('lists licences by holder, type, status and expiry window', async () => {
    await issueOk(hub, constructionPermit({ validFrom: '2020-01-01', validTo: '2020-12-31' }));
    const soon = await issueOk(hub, constructionPermit({ validFrom: '2026-01-01', validTo: '2099-12-31' }));
    const query = `query($filter: LicenceFilter) { licences(filter: $filter, first: 100) { totalCount nodes { identifier status validTo } } }`;
    const expired = await graphql<{ licences: any }>(hub.url, query, {
      token: hub.tokens.system.TJ,
      variables: { filter: { licenceTypeCode: 'CONSTRUCTION_PERMIT', status: 'EXPIRED' } },
    });
    expect(expired.body.data!.licences.nodes.map((node: any) => node.status)).toEqual(['EXPIRED']);
    const byHolder = await graphql<{ licences: any }>(hub.url, query, {
      token: hub.tokens.system.TJ,
      variables: { filter: { holderCode: '91110000600037341L', status: 'VALID' } },
    });
    expect(byHolder.body.data!.licences.nodes.every((node: any) => node.status === 'VALID')).toBe(true);
    expect(byHolder.body.data!.licences.nodes.map((node: any) => node.identifier)).toContain(soon.identifier);
    const expiring = await graphql<{ licences: any }>(hub.url, query, {
      token: hub.tokens.system.TJ,
      variables: { filter: { expiringWithinDays: 30 } },
    });
    expect(expiring.body.data!.licences.nodes.map((node: any) => node.identifier)).not.toContain(soon.identifier);
  });
});
