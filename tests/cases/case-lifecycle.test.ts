import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '../support/graphql-client.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { ACCEPT, APPLICANT_ID, acceptInput, addCatalog, nameApproval, step } from './case-fixtures.js';

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
  await addCatalog(hub);
});
afterAll(() => hub?.stop());

const scjg = (query: string, variables: Record<string, unknown>) =>
  graphql<Record<string, any>>(hub.url, query, { token: hub.tokens.system.SCJG, variables });

describe('a case from acceptance to decision', () => {
  it('fixes the due dates on the working-day calendar, stops the clock for correction and judges the decision', async () => {
    // Accepted Monday 28 September 2026: the National Day holiday (1–7 October) does not count, the 调休 Saturday 10 October does.
    const accepted = await scjg(ACCEPT, { input: acceptInput({ caseNo: 'SCJG-2026-0001' }) });
    expect(accepted.body.errors).toBeUndefined();
    expect(accepted.body.data!.acceptCase).toMatchObject({
      caseNo: 'SCJG-2026-0001',
      status: 'ACCEPTED',
      acceptedOn: '2026-09-28',
      legalLimitDays: 20,
      promisedLimitDays: 10,
      dueOn: '2026-10-16',
      legalDueOn: '2026-10-30',
      divisionCode: '510811',
      applicantCodeType: 'USCC',
      department: { code: 'SCJG' },
      matter: { code: 'SCJG-XK-001', name: '食品经营许可' },
      onTime: null,
      clockStopped: false,
    });

    await scjg(step('startCase'), { input: { caseNo: 'SCJG-2026-0001', at: '2026-09-28T10:00:00+08:00' } });
    const suspended = await scjg(step('suspendCase'), {
      input: { caseNo: 'SCJG-2026-0001', at: '2026-10-12T09:00:00+08:00', reason: '补正平面布局图' },
    });
    expect(suspended.body.data!.suspendCase).toMatchObject({ status: 'SUSPENDED', clockStopped: true, dueOn: '2026-10-16' });
    // Materials back on Wednesday 14 October: Monday and Tuesday were suspended, so both due dates move by two working days.
    const resumed = await scjg(step('resumeCase'), { input: { caseNo: 'SCJG-2026-0001', at: '2026-10-14T09:00:00+08:00' } });
    expect(resumed.body.data!.resumeCase).toMatchObject({
      status: 'IN_PROGRESS',
      clockStopped: false,
      dueOn: '2026-10-20',
      legalDueOn: '2026-11-03',
    });

    const completed = await scjg(step('completeCase'), { input: { caseNo: 'SCJG-2026-0001', at: '2026-10-15T16:00:00+08:00' } });
    expect(completed.body.errors).toBeUndefined();
    expect(completed.body.data!.completeCase).toMatchObject({
      status: 'COMPLETED',
      completedOn: '2026-10-15',
      // 29, 30 Sep, 8, 9, 10 (调休), 14, 15 Oct: seven working days, the suspended 12 and 13 not counted.
      workingDaysTaken: 7,
      onTime: true,
      early: true,
      overdue: false,
    });
    expect(completed.body.data!.completeCase.statusHistory).toEqual([
      { fromStatus: null, toStatus: 'ACCEPTED', reason: null, changedBy: 'SCJG/SCJG test system' },
      { fromStatus: 'ACCEPTED', toStatus: 'IN_PROGRESS', reason: null, changedBy: 'SCJG/SCJG test system' },
      { fromStatus: 'IN_PROGRESS', toStatus: 'SUSPENDED', reason: '补正平面布局图', changedBy: 'SCJG/SCJG test system' },
      { fromStatus: 'SUSPENDED', toStatus: 'IN_PROGRESS', reason: null, changedBy: 'SCJG/SCJG test system' },
      { fromStatus: 'IN_PROGRESS', toStatus: 'COMPLETED', reason: null, changedBy: 'SCJG/SCJG test system' },
    ]);
  });

  it('accepts with missing materials (容缺) and records them handed in', async () => {
    const accepted = await scjg(ACCEPT, {
      input: acceptInput({
        caseNo: 'SCJG-2026-0002',
        applicantCode: APPLICANT_ID,
        applicantName: '张三',
        missingMaterials: ['健康证明'],
        missingMaterialsDueOn: '2026-10-09',
      }),
    });
    expect(accepted.body.data!.acceptCase).toMatchObject({
      applicantCodeType: 'RESIDENT_ID',
      missingMaterials: ['健康证明'],
      missingMaterialsDueOn: '2026-10-09',
    });
    expect(accepted.body.data!.acceptCase.statusHistory[0].reason).toBe('容缺受理: 健康证明');
    const received = await scjg(
      'mutation R($input: CaseStepInput!) { receiveMissingMaterials(input: $input) { missingMaterialsReceivedOn } }',
      {
        input: { caseNo: 'SCJG-2026-0002', at: '2026-10-08T10:00:00+08:00' },
      },
    );
    expect(received.body.data!.receiveMissingMaterials).toEqual({ missingMaterialsReceivedOn: '2026-10-08' });
  });

  it('judges an on-the-spot case decided the same day as early, and a late one as overdue', async () => {
    await scjg(ACCEPT, { input: acceptInput({ caseNo: 'SCJG-2026-0003', matterCode: nameApproval.code }) });
    await scjg(step('startCase'), { input: { caseNo: 'SCJG-2026-0003', at: '2026-09-28T09:10:00+08:00' } });
    const spot = await scjg(step('completeCase'), { input: { caseNo: 'SCJG-2026-0003', at: '2026-09-28T09:30:00+08:00' } });
    expect(spot.body.data!.completeCase).toMatchObject({
      dueOn: '2026-09-28',
      workingDaysTaken: 0,
      onTime: true,
      early: true,
      overdue: false,
    });

    await scjg(ACCEPT, { input: acceptInput({ caseNo: 'SCJG-2026-0004' }) });
    await scjg(step('startCase'), { input: { caseNo: 'SCJG-2026-0004', at: '2026-09-29T09:00:00+08:00' } });
    const late = await scjg(step('completeCase'), { input: { caseNo: 'SCJG-2026-0004', at: '2026-10-19T09:00:00+08:00' } });
    expect(late.body.data!.completeCase).toMatchObject({
      dueOn: '2026-10-16',
      workingDaysTaken: 11,
      onTime: false,
      early: false,
      overdue: true,
    });

    const open = await scjg(ACCEPT, { input: acceptInput({ caseNo: 'SCJG-2026-0005' }) });
    expect(open.body.data!.acceptCase).toMatchObject({ status: 'ACCEPTED', overdue: true, onTime: null });
  });

  it('refuses and withdraws with a reason, and lists a department its own cases only', async () => {
    await scjg(ACCEPT, { input: acceptInput({ caseNo: 'SCJG-2026-0006' }) });
    const refused = await scjg(step('rejectCase'), {
      input: { caseNo: 'SCJG-2026-0006', at: '2026-09-30T09:00:00+08:00', reason: '经营场所不符合要求' },
    });
    expect(refused.body.data!.rejectCase).toMatchObject({
      status: 'REJECTED',
      completedOn: '2026-09-30',
      workingDaysTaken: 2,
      onTime: true,
    });

    const own = await scjg('{ cases(first: 100) { totalCount nodes { caseNo department { code } } } }', {});
    expect(own.body.data!.cases.totalCount).toBeGreaterThanOrEqual(6);
    expect(own.body.data!.cases.nodes.every((node: any) => node.department.code === 'SCJG')).toBe(true);
    const other = await graphql<Record<string, any>>(hub.url, '{ cases { totalCount } case(caseNo: "SCJG-2026-0006") { caseNo } }', {
      token: hub.tokens.system.MZ,
    });
    expect(other.body.data).toEqual({ cases: { totalCount: 0 }, case: null });
    const forbidden = await graphql<Record<string, any>>(hub.url, '{ cases(filter: { departmentCode: "SCJG" }) { totalCount } }', {
      token: hub.tokens.system.MZ,
    });
    expect(forbidden.body.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN', field: 'filter.departmentCode' });
    const screen = await graphql<Record<string, any>>(hub.url, '{ cases(filter: { statuses: [REJECTED] }) { totalCount } }', {
      token: hub.tokens.dashboard,
    });
    expect(screen.body.data!.cases.totalCount).toBe(1);
  });
});
