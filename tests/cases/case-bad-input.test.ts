import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '../support/graphql-client.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { ACCEPT, acceptInput, addCatalog, cancelledMatter, step } from './case-fixtures.js';

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
  await addCatalog(hub);
});
afterAll(() => hub?.stop());

const as = (token: string) => (query: string, variables: Record<string, unknown>) =>
  graphql<Record<string, any>>(hub.url, query, { token, variables });
const scjg = (query: string, variables: Record<string, unknown>) => as(hub.tokens.system.SCJG)(query, variables);
const caseCount = async () => Number((await hub.orm.em.fork().getConnection().execute('select count(*)::int as n from service_case'))[0].n);
const historyCount = async () =>
  Number((await hub.orm.em.fork().getConnection().execute('select count(*)::int as n from case_status_change'))[0].n);
const errorOf = (response: { body: { errors?: Array<{ extensions?: Record<string, unknown> }> } }) => response.body.errors?.[0]?.extensions;

describe('cases refuse bad input and write nothing', () => {
  it('refuses to complete a case that is not in progress', async () => {
    await scjg(ACCEPT, { input: acceptInput({ caseNo: 'BAD-001' }) });
    const before = await historyCount();
    const completed = await scjg(step('completeCase'), { input: { caseNo: 'BAD-001', at: '2026-09-29T09:00:00+08:00' } });
    expect(errorOf(completed)).toMatchObject({ code: 'CONFLICT', field: 'input.caseNo', status: 'ACCEPTED' });
    expect(completed.body.errors![0].message).toContain('only a case in progress (IN_PROGRESS) can be completed');
    expect(await historyCount()).toBe(before);
    const unchanged = await scjg('{ case(caseNo: "BAD-001") { status completedOn workingDaysTaken } }', {});
    expect(unchanged.body.data!.case).toEqual({ status: 'ACCEPTED', completedOn: null, workingDaysTaken: null });

    await scjg(step('startCase'), { input: { caseNo: 'BAD-001', at: '2026-09-28T10:00:00+08:00' } });
    await scjg(step('completeCase'), { input: { caseNo: 'BAD-001', at: '2026-09-29T09:00:00+08:00' } });
    const twice = await scjg(step('completeCase'), { input: { caseNo: 'BAD-001' } });
    expect(errorOf(twice)).toMatchObject({ code: 'CONFLICT', status: 'COMPLETED' });
  });

  it('refuses a completion before the acceptance', async () => {
    await scjg(ACCEPT, { input: acceptInput({ caseNo: 'BAD-002' }) });
    await scjg(step('startCase'), { input: { caseNo: 'BAD-002', at: '2026-09-28T09:30:00+08:00' } });
    const before = await historyCount();
    const early = await scjg(step('completeCase'), { input: { caseNo: 'BAD-002', at: '2026-09-27T16:00:00+08:00' } });
    expect(errorOf(early)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.at' });
    expect(early.body.errors![0].message).toContain('before the case was accepted');
    const beforeStart = await scjg(step('completeCase'), { input: { caseNo: 'BAD-002', at: '2026-09-28T09:10:00+08:00' } });
    expect(errorOf(beforeStart)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.at' });
    expect(await historyCount()).toBe(before);
    expect((await scjg('{ case(caseNo: "BAD-002") { status } }', {})).body.data!.case.status).toBe('IN_PROGRESS');
  });

  it('refuses an unknown matter, a cancelled one, and another department’s', async () => {
    const count = await caseCount();
    const unknown = await scjg(ACCEPT, { input: acceptInput({ matterCode: 'NO-SUCH-MATTER' }) });
    expect(errorOf(unknown)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.matterCode' });
    const cancelled = await as(hub.tokens.system.MZ)(ACCEPT, { input: acceptInput({ matterCode: cancelledMatter.code }) });
    expect(errorOf(cancelled)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.matterCode' });
    expect(cancelled.body.errors![0].message).toContain('cancelled (取消) by 川府发〔2017〕3号 from 2017-03-01');
    // Before its cancellation the same matter took cases.
    const beforeCancellation = await as(hub.tokens.system.MZ)(ACCEPT, {
      input: acceptInput({ caseNo: 'MZ-2016-1', matterCode: cancelledMatter.code, acceptedAt: '2016-06-01T09:00:00+08:00' }),
    });
    expect(beforeCancellation.body.errors).toBeUndefined();
    const notOurs = await as(hub.tokens.system.MZ)(ACCEPT, { input: acceptInput() });
    expect(errorOf(notOurs)).toMatchObject({ code: 'FORBIDDEN', field: 'input.matterCode' });
    expect(await caseCount()).toBe(count + 1);
  });

  it.each([
    [{ caseNo: 'bad no/1' }, 'BAD_USER_INPUT', 'input.caseNo'],
    [{ applicantCode: '91350100M000100Y44' }, 'BAD_USER_INPUT', 'input.applicantCode'],
    // A resident ID whose check digit and date pass, but no GB/T 2260 revision lists division 000000.
    [{ applicantCode: '000000194912310027' }, 'BAD_USER_INPUT', 'input.applicantCode'],
    // 30 February 1999, with its check digit right.
    [{ applicantCode: '110105199902300023' }, 'BAD_USER_INPUT', 'input.applicantCode'],
    // A 15-digit number converts to 18 digits only if its date is real: 30 February 1949 is not.
    [{ applicantCode: '110105490230002' }, 'BAD_USER_INPUT', 'input.applicantCode'],
    [{ applicantName: '  ' }, 'BAD_USER_INPUT', 'input.applicantName'],
    [{ acceptedAt: '2099-01-01T09:00:00+08:00' }, 'BAD_USER_INPUT', 'input.acceptedAt'],
    [{ missingMaterials: ['健康证明'] }, 'BAD_USER_INPUT', 'input.missingMaterialsDueOn'],
    [{ missingMaterials: ['健康证明'], missingMaterialsDueOn: '2026-09-01' }, 'BAD_USER_INPUT', 'input.missingMaterialsDueOn'],
    [{ missingMaterialsDueOn: '2026-10-09' }, 'BAD_USER_INPUT', 'input.missingMaterialsDueOn'],
    [{ divisionCode: '999999' }, 'BAD_USER_INPUT', 'input.divisionCode'],
    [{ matterCode: 'SCJG-QR-002', channel: 'ONLINE' }, 'BAD_USER_INPUT', 'input.channel'],
  ])('refuses an acceptance with %j', async (overrides, code, field) => {
    const count = await caseCount();
    const response = await scjg(ACCEPT, { input: acceptInput(overrides) });
    expect(errorOf(response)).toMatchObject({ code, field });
    expect(await caseCount()).toBe(count);
  });

  it('names the failing rule of a resident ID without echoing the number', async () => {
    const response = await scjg(ACCEPT, { input: acceptInput({ applicantCode: '000000194912310027' }) });
    expect(response.body.errors![0].message).toContain('address code (positions 1–6) is not a GB/T 2260 division code');
    expect(response.body.errors![0].message).not.toContain('19491231');
  });

  it('stores every accepted form of a resident ID as its one 18-character form', async () => {
    const stored = async (caseNo: string, applicantCode: string) => {
      const response = await scjg(ACCEPT, { input: acceptInput({ caseNo, applicantCode }) });
      expect(response.body.errors).toBeUndefined();
      return (
        await hub.orm.em
          .fork()
          .getConnection()
          .execute('select applicant_code, applicant_code_type from service_case where case_no = ?', [caseNo])
      )[0];
    };
    const expected = { applicant_code: '11010519491231002X', applicant_code_type: 'RESIDENT_ID' };
    // First generation, 15 digits: "19" put before the birth year and the check character added.
    expect(await stored('ID-15', '110105491231002')).toEqual(expected);
    expect(await stored('ID-LOWER', '11010519491231002x')).toEqual(expected);
    expect(await stored('ID-FULLWIDTH', '１１０１０５１９４９１２３１００２Ｘ')).toEqual(expected);
  });

  it('refuses a case number twice, a step on another department’s case, a suspension without reason', async () => {
    await scjg(ACCEPT, { input: acceptInput({ caseNo: 'BAD-003' }) });
    const again = await scjg(ACCEPT, { input: acceptInput({ caseNo: 'BAD-003' }) });
    expect(errorOf(again)).toMatchObject({ code: 'CONFLICT', field: 'input.caseNo' });
    const other = await as(hub.tokens.system.MZ)(step('startCase'), { input: { caseNo: 'BAD-003' } });
    expect(errorOf(other)).toMatchObject({ code: 'FORBIDDEN', field: 'input.caseNo' });
    const noReason = await scjg(step('suspendCase'), { input: { caseNo: 'BAD-003' } });
    expect(errorOf(noReason)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.reason' });
    const notSuspended = await scjg(step('resumeCase'), { input: { caseNo: 'BAD-003' } });
    expect(errorOf(notSuspended)).toMatchObject({ code: 'CONFLICT', field: 'input.caseNo', status: 'ACCEPTED' });
    await scjg(step('startCase'), { input: { caseNo: 'BAD-003', at: '2026-09-28T10:00:00+08:00' } });
    const startedTwice = await scjg(step('startCase'), { input: { caseNo: 'BAD-003' } });
    expect(errorOf(startedTwice)).toMatchObject({ code: 'CONFLICT', status: 'IN_PROGRESS' });
    const missing = await scjg(step('startCase'), { input: { caseNo: 'NO-SUCH-CASE' } });
    expect(errorOf(missing)).toMatchObject({ code: 'NOT_FOUND', field: 'input.caseNo' });
    const screen = await as(hub.tokens.dashboard)(ACCEPT, { input: acceptInput() });
    expect(errorOf(screen)).toMatchObject({ code: 'FORBIDDEN' });
  });
});
