import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findMatterInForce } from '../../domain/catalog/find-matters.js';
import { Matter } from '../../entities/matter.js';
import { MatterVersion } from '../../entities/matter-version.js';
import { graphql } from '../support/graphql-client.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(() => hub?.stop());

const ADD =
  'mutation A($input: AddMatterInput!) { addMatter(input: $input) { code name levels status sequence adjustmentType validFrom validUntil department { code } } }';
const ADJUST =
  'mutation J($input: AdjustMatterInput!) { adjustMatter(input: $input) { code levels status sequence adjustmentType documentNumber validFrom changedFields promisedTimeLimitDays } }';
const MATTER = `query M($code: String!, $asOf: String) { matter(code: $code, asOf: $asOf) {
  code name levels status validFrom validUntil categoryLabel kindLabel free materials { name form copies required } fees { item }
  history { sequence adjustmentType documentNumber validFrom validUntil changedFields levels status } } }`;

const marriage = {
  code: 'MZ-QR-001',
  name: '内地居民婚姻登记',
  category: 'ADMINISTRATIVE_CONFIRMATION',
  departmentCode: 'MZ',
  legalBasis: '《婚姻登记条例》（国务院令第387号）第二条',
  conditions: '男女双方亲自到场',
  materials: [
    { name: '户口簿', form: 'ORIGINAL', copies: 1, required: true },
    { name: '居民身份证', form: 'ORIGINAL_AND_COPY', copies: 1, required: true },
  ],
  legalTimeLimitDays: 1,
  promisedTimeLimitDays: 0,
  kind: 'ON_THE_SPOT',
  levels: ['COUNTY'],
  documentNumber: '国务院令第387号',
  effectiveOn: '2003-10-01',
};

async function admin(query: string, variables: Record<string, unknown>) {
  return graphql<Record<string, any>>(hub.url, query, { token: hub.tokens.admin, variables });
}

describe('matters and their adjustments', () => {
  it('adds a matter, delegates it to the townships, and shows the catalog of any day with the history', async () => {
    const added = await graphql<Record<string, any>>(hub.url, ADD, { token: hub.tokens.system.MZ, variables: { input: marriage } });
    expect(added.body.errors).toBeUndefined();
    expect(added.body.data!.addMatter).toMatchObject({
      code: 'MZ-QR-001',
      levels: ['COUNTY'],
      status: 'IN_FORCE',
      sequence: 1,
      adjustmentType: 'ADD',
      validFrom: '2003-10-01',
      validUntil: null,
      department: { code: 'MZ' },
    });

    const delegated = await graphql<Record<string, any>>(hub.url, ADJUST, {
      token: hub.tokens.system.MZ,
      variables: {
        input: {
          code: 'MZ-QR-001',
          type: 'DELEGATE',
          documentNumber: '广元府发〔2016〕21号',
          effectiveOn: '2016-10-01',
          changes: { levels: ['TOWNSHIP', 'COUNTY'] },
        },
      },
    });
    expect(delegated.body.errors).toBeUndefined();
    expect(delegated.body.data!.adjustMatter).toMatchObject({
      levels: ['COUNTY', 'TOWNSHIP'],
      sequence: 2,
      adjustmentType: 'DELEGATE',
      changedFields: ['levels'],
      validFrom: '2016-10-01',
    });

    const before = await admin(MATTER, { code: 'MZ-QR-001', asOf: '2016-09-30' });
    expect(before.body.data!.matter).toMatchObject({
      levels: ['COUNTY'],
      validFrom: '2003-10-01',
      validUntil: '2016-10-01',
      categoryLabel: '行政确认',
      kindLabel: '即办件',
      free: true,
    });
    expect(before.body.data!.matter.materials).toEqual(marriage.materials);
    const after = await admin(MATTER, { code: 'MZ-QR-001', asOf: '2016-10-01' });
    expect(after.body.data!.matter).toMatchObject({ levels: ['COUNTY', 'TOWNSHIP'], validUntil: null });
    expect(after.body.data!.matter.history).toEqual([
      {
        sequence: 1,
        adjustmentType: 'ADD',
        documentNumber: '国务院令第387号',
        validFrom: '2003-10-01',
        validUntil: '2016-10-01',
        changedFields: expect.arrayContaining(['name', 'levels']),
        levels: ['COUNTY'],
        status: 'IN_FORCE',
      },
      {
        sequence: 2,
        adjustmentType: 'DELEGATE',
        documentNumber: '广元府发〔2016〕21号',
        validFrom: '2016-10-01',
        validUntil: null,
        changedFields: ['levels'],
        levels: ['COUNTY', 'TOWNSHIP'],
        status: 'IN_FORCE',
      },
    ]);
    const notYet = await admin(MATTER, { code: 'MZ-QR-001', asOf: '2003-09-30' });
    expect(notYet.body.data!.matter).toBeNull();

    const listed = await admin(
      'query L($asOf: String) { matters(asOf: $asOf, filter: { level: TOWNSHIP }) { totalCount nodes { code } } }',
      { asOf: '2016-09-30' },
    );
    expect(listed.body.data!.matters).toEqual({ totalCount: 0, nodes: [] });
    const listedAfter = await admin(
      'query L($asOf: String) { matters(asOf: $asOf, filter: { level: TOWNSHIP }) { totalCount nodes { code } } }',
      { asOf: '2017-01-01' },
    );
    expect(listedAfter.body.data!.matters).toEqual({ totalCount: 1, nodes: [{ code: 'MZ-QR-001' }] });
  });

  it('adjusts the promised limit, then cancels; a cancelled matter leaves the catalog but keeps its history', async () => {
    await admin(ADD, {
      input: {
        ...marriage,
        code: 'MZ-QR-002',
        name: '婚姻登记档案查询',
        kind: 'PROMISED',
        legalTimeLimitDays: 20,
        promisedTimeLimitDays: 10,
        effectiveOn: '2010-01-01',
      },
    });
    const adjusted = await admin(ADJUST, {
      input: {
        code: 'MZ-QR-002',
        type: 'ADJUST',
        documentNumber: '昭府办发〔2015〕8号',
        effectiveOn: '2015-06-01',
        changes: { promisedTimeLimitDays: 3 },
      },
    });
    expect(adjusted.body.data!.adjustMatter).toMatchObject({
      adjustmentType: 'ADJUST',
      changedFields: ['promisedTimeLimitDays'],
      promisedTimeLimitDays: 3,
    });
    const cancelled = await admin(ADJUST, {
      input: { code: 'MZ-QR-002', type: 'CANCEL', documentNumber: '川府发〔2017〕3号', effectiveOn: '2017-03-01' },
    });
    expect(cancelled.body.data!.adjustMatter).toMatchObject({ adjustmentType: 'CANCEL', status: 'CANCELLED', sequence: 3 });

    const query =
      'query L($asOf: String, $status: MatterStatus) { matters(asOf: $asOf, filter: { departmentCode: "MZ", status: $status }) { nodes { code promisedTimeLimitDays } } }';
    expect((await admin(query, { asOf: '2014-01-01' })).body.data!.matters.nodes).toContainEqual({
      code: 'MZ-QR-002',
      promisedTimeLimitDays: 10,
    });
    expect((await admin(query, { asOf: '2016-01-01' })).body.data!.matters.nodes).toContainEqual({
      code: 'MZ-QR-002',
      promisedTimeLimitDays: 3,
    });
    expect((await admin(query, { asOf: '2017-03-01' })).body.data!.matters.nodes).not.toContainEqual(
      expect.objectContaining({ code: 'MZ-QR-002' }),
    );
    expect((await admin(query, { asOf: '2017-03-01', status: 'CANCELLED' })).body.data!.matters.nodes).toEqual([
      { code: 'MZ-QR-002', promisedTimeLimitDays: 3 },
    ]);

    // Nothing was overwritten: each version still holds the state it was written with.
    const versions = await hub.orm.em.fork().find(MatterVersion, { code: 'MZ-QR-002' }, { orderBy: { sequence: 'asc' } });
    expect(versions.map((version) => [version.promisedTimeLimitDays, version.status, version.validFrom, version.validUntil])).toEqual([
      [10, 'IN_FORCE', '2010-01-01', '2015-06-01'],
      [3, 'IN_FORCE', '2015-06-01', '2017-03-01'],
      [3, 'CANCELLED', '2017-03-01', null],
    ]);
  });

  it('refuses bad adjustments with the field and reason, and writes nothing', async () => {
    await admin(ADD, { input: { ...marriage, code: 'MZ-QR-003', name: '补领婚姻登记证', effectiveOn: '2012-05-01' } });
    await admin(ADJUST, { input: { code: 'MZ-QR-003', type: 'CANCEL', documentNumber: '某发〔2018〕1号', effectiveOn: '2018-01-01' } });
    const em = hub.orm.em.fork();
    const before = [await em.count(Matter, {}), await em.count(MatterVersion, {})];

    const cases: Array<[string, Record<string, unknown>, string, string]> = [
      [
        ADD,
        { ...marriage, code: 'MZ-X1', kind: 'PROMISED', legalTimeLimitDays: 5, promisedTimeLimitDays: 6 },
        'BAD_USER_INPUT',
        'input.promisedTimeLimitDays',
      ],
      [ADD, { ...marriage, code: 'MZ-X2', promisedTimeLimitDays: 1 }, 'BAD_USER_INPUT', 'input.promisedTimeLimitDays'],
      [ADD, { ...marriage, code: 'MZ-X3', departmentCode: 'NOPE' }, 'NOT_FOUND', 'input.departmentCode'],
      [ADD, { ...marriage, code: 'MZ-QR-001' }, 'CONFLICT', 'input.code'],
      [ADD, { ...marriage, code: 'bad code!' }, 'BAD_USER_INPUT', 'input.code'],
      [ADD, { ...marriage, code: 'MZ-X4', levels: [] }, 'BAD_USER_INPUT', 'input.levels'],
      [ADD, { ...marriage, code: 'MZ-X5', effectiveOn: '2016-02-30' }, 'BAD_USER_INPUT', 'input.effectiveOn'],
      [ADD, { ...marriage, code: 'MZ-X6', documentNumber: ' ' }, 'BAD_USER_INPUT', 'input.documentNumber'],
      [
        ADJUST,
        { code: 'MZ-QR-001', type: 'ADJUST', documentNumber: '某发〔2001〕1号', effectiveOn: '2001-01-01', changes: { conditions: '无' } },
        'BAD_USER_INPUT',
        'input.effectiveOn',
      ],
      [
        ADJUST,
        { code: 'MZ-QR-001', type: 'ADJUST', documentNumber: '某发〔2010〕1号', effectiveOn: '2010-01-01', changes: { conditions: '无' } },
        'CONFLICT',
        'input.effectiveOn',
      ],
      [
        ADJUST,
        { code: 'MZ-QR-003', type: 'CANCEL', documentNumber: '某发〔2019〕1号', effectiveOn: '2019-01-01' },
        'CONFLICT',
        'input.code',
      ],
      [
        ADJUST,
        { code: 'MZ-QR-003', type: 'ADJUST', documentNumber: '某发〔2019〕1号', effectiveOn: '2019-01-01', changes: { conditions: '无' } },
        'CONFLICT',
        'input.code',
      ],
      [
        ADJUST,
        {
          code: 'MZ-QR-001',
          type: 'DELEGATE',
          documentNumber: '某发〔2020〕1号',
          effectiveOn: '2020-01-01',
          changes: { levels: ['CITY'] },
        },
        'BAD_USER_INPUT',
        'input.changes.levels',
      ],
      [
        ADJUST,
        { code: 'MZ-QR-001', type: 'ADJUST', documentNumber: '某发〔2020〕1号', effectiveOn: '2020-01-01' },
        'BAD_USER_INPUT',
        'input.changes',
      ],
      [
        ADJUST,
        {
          code: 'MZ-QR-001',
          type: 'ADJUST',
          documentNumber: '某发〔2020〕1号',
          effectiveOn: '2020-01-01',
          changes: { promisedTimeLimitDays: 5 },
        },
        'BAD_USER_INPUT',
        'input.changes.promisedTimeLimitDays',
      ],
      [
        ADJUST,
        {
          code: 'MZ-QR-001',
          type: 'ADJUST',
          documentNumber: '某发〔2020〕1号',
          effectiveOn: '2020-01-01',
          changes: { departmentCode: 'NOPE' },
        },
        'NOT_FOUND',
        'input.changes.departmentCode',
      ],
      [
        ADJUST,
        { code: 'NO-SUCH', type: 'CANCEL', documentNumber: '某发〔2020〕1号', effectiveOn: '2020-01-01' },
        'NOT_FOUND',
        'input.code',
      ],
    ];
    for (const [mutation, input, code, field] of cases) {
      const response = await admin(mutation, { input });
      expect(response.body.errors?.[0].extensions, JSON.stringify(input)).toMatchObject({ code, field });
      expect(response.body.errors?.[0].message).toContain(field);
    }
    // An unknown category or level is refused by the schema before the domain sees it.
    for (const input of [
      { ...marriage, code: 'MZ-X7', category: 'LICENCE' },
      { ...marriage, code: 'MZ-X8', levels: ['STREET'] },
    ]) {
      const response = await admin(ADD, { input });
      expect(response.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(response.body.errors?.[0].message).toMatch(/MatterCategory|MatterLevel/);
    }
    expect([await em.count(Matter, {}), await em.count(MatterVersion, {})]).toEqual(before);
  });

  it("lets only the administrator or the owning department system change a department's matters", async () => {
    const other = await graphql(hub.url, ADD, { token: hub.tokens.system.SW, variables: { input: { ...marriage, code: 'MZ-X9' } } });
    expect(other.body.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', field: 'input.departmentCode' });
    const adjustOther = await graphql(hub.url, ADJUST, {
      token: hub.tokens.system.SW,
      variables: {
        input: {
          code: 'MZ-QR-001',
          type: 'ADJUST',
          documentNumber: '某发〔2020〕1号',
          effectiveOn: '2020-01-01',
          changes: { conditions: '无' },
        },
      },
    });
    expect(adjustOther.body.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN' });
    const moveAway = await graphql(hub.url, ADJUST, {
      token: hub.tokens.system.MZ,
      variables: {
        input: {
          code: 'MZ-QR-001',
          type: 'ADJUST',
          documentNumber: '某发〔2020〕1号',
          effectiveOn: '2020-01-01',
          changes: { departmentCode: 'SW' },
        },
      },
    });
    expect(moveAway.body.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN' });
    const clerk = await graphql(hub.url, ADD, {
      token: hub.tokens.clerk,
      variables: { input: { ...marriage, code: 'MZ-X9', departmentCode: 'SCJG' } },
    });
    expect(clerk.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const dashboardRead = await graphql<Record<string, any>>(hub.url, '{ matters { totalCount } }', { token: hub.tokens.dashboard });
    expect(dashboardRead.body.data!.matters.totalCount).toBeGreaterThan(0);
  });

  it('gives cases the version of a matter in force on their date', async () => {
    const em = hub.orm.em.fork();
    expect((await findMatterInForce(em, 'MZ-QR-002', '2016-01-01'))?.promisedTimeLimitDays).toBe(3);
    expect((await findMatterInForce(em, 'MZ-QR-002', '2015-05-31'))?.promisedTimeLimitDays).toBe(10);
    expect(await findMatterInForce(em, 'MZ-QR-002', '2017-03-01')).toBeNull();
    expect(await findMatterInForce(em, 'MZ-QR-002', '2009-12-31')).toBeNull();
    expect(await findMatterInForce(em, 'NO-SUCH', '2016-01-01')).toBeNull();
  });

  it('applies concurrent adjustments of one matter one after another, leaving one version in force', async () => {
    await admin(ADD, {
      input: {
        ...marriage,
        code: 'MZ-QR-010',
        name: '婚姻状况证明',
        kind: 'PROMISED',
        legalTimeLimitDays: 20,
        promisedTimeLimitDays: 10,
        effectiveOn: '2014-01-01',
      },
    });
    const responses = await Promise.all(
      [9, 8, 7, 6, 5, 4].map((days) =>
        admin(ADJUST, {
          input: {
            code: 'MZ-QR-010',
            type: 'ADJUST',
            documentNumber: `某发〔2015〕${days}号`,
            effectiveOn: '2015-01-01',
            changes: { promisedTimeLimitDays: days },
          },
        }),
      ),
    );
    expect(responses.map((response) => response.body.errors)).toEqual(responses.map(() => undefined));
    const versions = await hub.orm.em.fork().find(MatterVersion, { code: 'MZ-QR-010' }, { orderBy: { sequence: 'asc' } });
    expect(versions.map((version) => version.sequence)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(versions.filter((version) => version.validUntil === null)).toHaveLength(1);
    expect(versions.at(-1)!.validUntil).toBeNull();
  });

  it('lets one of two simultaneous additions of a code through and refuses the other as a conflict', async () => {
    const input = { ...marriage, code: 'MZ-QR-020', name: '涉外婚姻登记' };
    const responses = await Promise.all([admin(ADD, { input }), admin(ADD, { input }), admin(ADD, { input })]);
    const codes = responses.map((response) => response.body.errors?.[0].extensions?.code ?? 'OK').sort();
    expect(codes).toEqual(['CONFLICT', 'CONFLICT', 'OK']);
    expect(await hub.orm.em.fork().count(MatterVersion, { code: 'MZ-QR-020' })).toBe(1);
  });
});
