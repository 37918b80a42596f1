import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { demoDepartments } from '../../demo/departments.js';
import { demoMatters, seedDemoMatters } from '../../demo/matters.js';
import { seedDemoData } from '../../demo/seed-demo-data.js';
import { Matter } from '../../entities/matter.js';
import { initOrm } from '../../server/orm.js';
import { graphql } from '../support/graphql-client.js';
import { createTestDatabase } from '../support/test-database.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
  await seedDemoMatters(hub.orm.em.fork());
});
afterAll(() => hub?.stop());

async function query(text: string, variables: Record<string, unknown> = {}) {
  const response = await graphql<Record<string, any>>(hub.url, text, { token: hub.tokens.dashboard, variables });
  if (response.body.errors) throw new Error(JSON.stringify(response.body.errors));
  return response.body.data!;
}

describe('the demo catalog', () => {
  it('has a few hundred matters with unique codes across the demo departments', () => {
    const matters = demoMatters();
    expect(matters.length).toBeGreaterThanOrEqual(200);
    expect(matters.length).toBeLessThanOrEqual(600);
    expect(new Set(matters.map((matter) => matter.code)).size).toBe(matters.length);
    const departments = new Set(matters.map((matter) => matter.adjustments[0].changes.departmentCode));
    expect([...departments].sort()).toEqual(demoDepartments.map((department) => department.code).sort());
  });

  it("tells the seed reports' reforms through its history", async () => {
    const marriage =
      'query M($asOf: String) { matter(code: "MZ-QR-001", asOf: $asOf) { name levels history { adjustmentType documentNumber validFrom } } }';
    expect((await query(marriage, { asOf: '2016-10-07' })).matter.levels).toEqual(['COUNTY']);
    const delegated = (await query(marriage, { asOf: '2016-10-08' })).matter;
    expect(delegated.levels).toEqual(['COUNTY', 'TOWNSHIP']);
    expect(delegated.history.map((entry: { adjustmentType: string }) => entry.adjustmentType)).toEqual(['ADD', 'ADJUST', 'DELEGATE']);

    const registration = 'query R($asOf: String) { matter(code: "SCJG-XK-001", asOf: $asOf) { name promisedTimeLimitDays } }';
    expect((await query(registration, { asOf: '2015-09-30' })).matter).toEqual({ name: '企业设立登记', promisedTimeLimitDays: 5 });
    expect((await query(registration, { asOf: '2015-10-01' })).matter).toEqual({
      name: '企业设立登记（三证合一、一照一码）',
      promisedTimeLimitDays: 3,
    });
    expect((await query(registration, { asOf: '2016-10-01' })).matter.name).toBe('企业设立登记（五证合一、一照一码）');

    const search = await query(
      '{ matters(asOf: "2016-01-01", filter: { text: "施工许可" }) { nodes { code promisedTimeLimitDays legalTimeLimitDays } } }',
    );
    expect(search.matters.nodes).toEqual([{ code: 'ZJJ-XK-001', promisedTimeLimitDays: 5, legalTimeLimitDays: 15 }]);

    const organisationCode =
      'query O($asOf: String) { matters(asOf: $asOf, filter: { departmentCode: "ZJ", text: "组织机构代码" }) { totalCount } }';
    expect((await query(organisationCode, { asOf: '2015-09-30' })).matters.totalCount).toBe(1);
    expect((await query(organisationCode, { asOf: '2015-10-01' })).matters.totalCount).toBe(0);

    const stats = (await query('{ catalogStats(asOf: "2018-01-01") { total summary byDepartment { department { code } total } } }'))
      .catalogStats;
    expect(stats.summary).toMatch(/^共 \d+ 项：行政许可 \d+ 项、行政处罚 \d+ 项、行政征收/);
    expect(stats.byDepartment).toHaveLength(demoDepartments.length);
  });

  it('is loaded on the first start only', async () => {
    const database = await createTestDatabase();
    const directory = await mkdtemp(path.join(tmpdir(), 'demo-'));
    const orm = await initOrm(database.config);
    try {
      await seedDemoData(orm.em.fork(), path.join(directory, 'credentials.json'));
      const count = await orm.em.fork().count(Matter, {});
      expect(count).toBe(demoMatters().length);
      await seedDemoData(orm.em.fork(), path.join(directory, 'credentials.json'));
      expect(await orm.em.fork().count(Matter, {})).toBe(count);
    } finally {
      await orm.close(true);
      await database.drop();
      await rm(directory, { recursive: true, force: true });
    }
  });
});
