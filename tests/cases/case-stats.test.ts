import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '../support/graphql-client.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { ACCEPT, acceptInput, addCatalog, foodLicence, nameApproval, step } from './case-fixtures.js';

let hub: TestHub;

const marriage = {
  ...nameApproval,
  code: 'MZ-QR-001',
  name: '内地居民婚姻登记',
  departmentCode: 'MZ',
  legalTimeLimitDays: 1,
  promisedTimeLimitDays: 0,
};

async function run(token: string, query: string, input: Record<string, unknown>) {
  const response = await graphql<Record<string, any>>(hub.url, query, { token, variables: { input } });
  if (response.body.errors) throw new Error(JSON.stringify(response.body.errors));
}

/** Accepts, starts and (when `completedAt` is given) completes one case. */
async function decided(
  token: string,
  caseNo: string,
  matterCode: string,
  acceptedAt: string,
  completedAt: string | null,
  extra: Record<string, unknown> = {},
) {
  await run(token, ACCEPT, acceptInput({ caseNo, matterCode, acceptedAt, ...extra }));
  if (!completedAt) return;
  await run(token, step('startCase'), { caseNo, at: acceptedAt });
  await run(token, step('completeCase'), { caseNo, at: completedAt });
}

beforeAll(async () => {
  hub = await startTestHub();
  await addCatalog(hub);
  await run(hub.tokens.admin, 'mutation A($input: AddMatterInput!) { addMatter(input: $input) { code } }', marriage);
  const scjg = hub.tokens.system.SCJG;
  await decided(scjg, 'S-A', foodLicence.code, '2026-09-28T09:00:00+08:00', '2026-10-15T16:00:00+08:00'); // 9 working days, early
  await decided(scjg, 'S-B', foodLicence.code, '2026-09-28T09:00:00+08:00', '2026-10-19T09:00:00+08:00'); // 11 days, late
  await decided(scjg, 'S-C', nameApproval.code, '2026-09-28T09:00:00+08:00', '2026-09-28T09:20:00+08:00'); // on the spot
  await decided(scjg, 'S-D', foodLicence.code, '2026-09-28T09:00:00+08:00', null, { channel: 'ONLINE' }); // open past its due date
  await decided(scjg, 'S-F', foodLicence.code, '2026-09-28T09:00:00+08:00', null);
  await run(scjg, step('withdrawCase'), { caseNo: 'S-F', at: '2026-09-29T09:00:00+08:00', reason: '申请人撤回' });
  await decided(hub.tokens.system.MZ, 'M-E', marriage.code, '2026-10-09T09:00:00+08:00', '2026-10-09T10:00:00+08:00');
});
afterAll(() => hub?.stop());

const STATS = `query S($filter: CaseStatsFilter!) { caseStats(filter: $filter) {
  from to departmentCode accepted completed onTime early overdue overdueAtEnd onTimeRate earlyRate averageWorkingDays speedUp
  byDepartment { departmentCode departmentName accepted completed onTime early overdue averageWorkingDays speedUp } } }`;

const stats = (filter: Record<string, unknown>, token = hub.tokens.dashboard) =>
  graphql<Record<string, any>>(hub.url, STATS, { token, variables: { filter } });

describe('caseStats', () => {
  it('gives the report figures of a period for the centre and by department, rates from totals', async () => {
    const response = await stats({ from: '2026-09-01', to: '2026-10-31' });
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data!.caseStats).toEqual({
      from: '2026-09-01',
      to: '2026-10-31',
      departmentCode: null,
      accepted: 6,
      completed: 4,
      onTime: 3,
      early: 3,
      overdue: 2,
      overdueAtEnd: 1,
      onTimeRate: 0.75,
      earlyRate: 0.75,
      averageWorkingDays: 5,
      // 1 − (9 + 11 + 0 + 0) ÷ (20 + 20 + 5 + 1)
      speedUp: 0.5652,
      byDepartment: [
        {
          departmentCode: 'MZ',
          departmentName: '广元市昭化区民政局',
          accepted: 1,
          completed: 1,
          onTime: 1,
          early: 1,
          overdue: 0,
          averageWorkingDays: 0,
          speedUp: 1,
        },
        {
          departmentCode: 'SCJG',
          departmentName: '广元市昭化区市场监督管理局',
          accepted: 5,
          completed: 3,
          onTime: 2,
          early: 2,
          overdue: 2,
          averageWorkingDays: 6.67,
          speedUp: 0.5556,
        },
      ],
    });
  });

  it('counts acceptances by acceptance date, decisions by decision date, and open cases in the period their due date fell in', async () => {
    const response = await stats({ from: '2026-10-01', to: '2026-10-10' });
    expect(response.body.data!.caseStats).toMatchObject({ accepted: 1, completed: 1, overdue: 0, overdueAtEnd: 0, averageWorkingDays: 0 });
    // S-A, S-B and S-D were all due on 16 October. S-D is still open: overdue in the half its due
    // date fell in. S-B was decided late on the 19th: overdue in the half it was decided in.
    const first = await stats({ from: '2026-10-01', to: '2026-10-16' });
    expect(first.body.data!.caseStats).toMatchObject({ overdue: 1, overdueAtEnd: 2 });
    const later = await stats({ from: '2026-10-17', to: '2026-10-31' });
    expect(later.body.data!.caseStats).toMatchObject({ accepted: 0, completed: 1, onTime: 0, overdue: 1, overdueAtEnd: 1, onTimeRate: 0 });
    // The halves add up to the month; the backlog at the end does not, and is not meant to.
    const month = await stats({ from: '2026-10-01', to: '2026-10-31' });
    expect(month.body.data!.caseStats).toMatchObject({ overdue: 2, overdueAtEnd: 1 });
    // A later month no longer counts S-D among its overdue cases, only in its backlog.
    const november = await stats({ from: '2026-11-01', to: '2026-11-30' });
    expect(november.body.data!.caseStats).toMatchObject({ overdue: 0, overdueAtEnd: 1 });
  });

  it('words the figures as the annual reports do', async () => {
    const response = await graphql<Record<string, any>>(
      hub.url,
      'query S($filter: CaseStatsFilter!) { caseStats(filter: $filter) { summary } }',
      {
        token: hub.tokens.dashboard,
        variables: { filter: { from: '2026-09-01', to: '2026-10-31' } },
      },
    );
    expect(response.body.data!.caseStats.summary).toBe(
      '受理 6 件，办结 4 件，按时办结率 75.00%，提前办结率 75.00%，超期件 2 件（期末超期未办结 1 件），平均办结时限 5.00 个工作日，办理提速 56.52%',
    );
  });

  it('filters by channel, matter and division', async () => {
    const online = await stats({ from: '2026-09-01', to: '2026-10-31', channel: 'ONLINE' });
    // S-D, open past its due date of 16 October.
    expect(online.body.data!.caseStats).toMatchObject({
      accepted: 1,
      completed: 0,
      overdue: 1,
      onTimeRate: null,
      averageWorkingDays: null,
      speedUp: null,
    });
    const matter = await stats({ from: '2026-09-01', to: '2026-10-31', matterCode: nameApproval.code });
    expect(matter.body.data!.caseStats).toMatchObject({ accepted: 1, completed: 1, early: 1 });
    const city = await stats({ from: '2026-09-01', to: '2026-10-31', divisionCode: '510800' });
    expect(city.body.data!.caseStats.accepted).toBe(6);
    const elsewhere = await stats({ from: '2026-09-01', to: '2026-10-31', divisionCode: '110000' });
    expect(elsewhere.body.data!.caseStats).toMatchObject({ accepted: 0, byDepartment: [] });
  });

  it("limits a department's own systems to their department", async () => {
    const own = await stats({ from: '2026-09-01', to: '2026-10-31' }, hub.tokens.system.MZ);
    expect(own.body.data!.caseStats).toMatchObject({ departmentCode: 'MZ', accepted: 1 });
    const other = await stats({ from: '2026-09-01', to: '2026-10-31', departmentCode: 'SCJG' }, hub.tokens.system.MZ);
    expect(other.body.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN', field: 'filter.departmentCode' });
  });

  it.each([
    [{ from: '2026-10-31', to: '2026-10-01' }, 'filter.to'],
    [{ from: '2026-13-01', to: '2026-10-01' }, 'filter.from'],
    [{ from: '2026-10-01', to: '2026-10-31', divisionCode: '999999' }, 'filter.divisionCode'],
  ])('refuses %j', async (filter, field) => {
    const response = await stats(filter);
    expect(response.body.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });
});
