import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onEstimatedDueDate, type EstimatedDueDate } from '../../domain/calendar/estimated-due-dates.js';
import { recountDueDatesThrough } from '../../domain/calendar/recount-due-dates.js';
import { seedCalendar } from '../../domain/calendar/seed-calendar.js';
import { graphql } from '../support/graphql-client.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { acceptInput, addCatalog, foodLicence } from './case-fixtures.js';

/** A matter in force since 2000, promised in 5 working days, so historical cases can be recorded. */
const archived = {
  ...foodLicence,
  code: 'SCJG-XK-100',
  name: '历史事项',
  legalTimeLimitDays: 20,
  promisedTimeLimitDays: 5,
  effectiveOn: '2000-01-01',
};

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
  await addCatalog(hub);
  const added = await graphql(hub.url, 'mutation A($input: AddMatterInput!) { addMatter(input: $input) { code } }', {
    token: hub.tokens.admin,
    variables: { input: archived },
  });
  if (added.body.errors) throw new Error(JSON.stringify(added.body.errors));
});
afterAll(() => hub?.stop());

const FIELDS = 'caseNo acceptedOn countsFrom dueOn legalDueOn dueOnEstimated overdue clockStopped status';
const scjg = (query: string, variables: Record<string, unknown>) =>
  graphql<Record<string, any>>(hub.url, query, { token: hub.tokens.system.SCJG, variables });
const accept = async (caseNo: string, acceptedAt: string) => {
  const response = await scjg(`mutation A($input: AcceptCaseInput!) { acceptCase(input: $input) { ${FIELDS} } }`, {
    input: acceptInput({ caseNo, matterCode: archived.code, acceptedAt }),
  });
  expect(response.body.errors).toBeUndefined();
  return response.body.data!.acceptCase;
};
const stepCase = async (name: string, input: Record<string, unknown>) => {
  const response = await scjg(`mutation S($input: CaseStepInput!) { ${name}(input: $input) { ${FIELDS} } }`, { input });
  expect(response.body.errors).toBeUndefined();
  return response.body.data![name];
};
const SET_RULE = 'mutation R($input: AcceptanceRuleInput!) { setAcceptanceRule(input: $input) { counting closesAt recordedBy } }';
const setRule = (input: Record<string, unknown>, token = hub.tokens.admin) =>
  graphql<Record<string, any>>(hub.url, SET_RULE, { token, variables: { input } });
const rule = async () =>
  (await graphql<Record<string, any>>(hub.url, '{ acceptanceRule { counting closesAt } }', { token: hub.tokens.admin })).body.data!
    .acceptanceRule;

describe('the calendar holds every year the published data has', () => {
  it('counts a case of 2016 on the 2016 arrangement: National Day skipped, the 调休 weekend worked', async () => {
    // Accepted Friday 30 September 2016, 5 working days: 8 and 9 October (Saturday and Sunday, 调休
    // working days), then 10, 11, 12 October. Counting Monday–Friday would give 7 October, a holiday.
    const serviceCase = await accept('HIST-2016-1', '2016-09-30T09:00:00+08:00');
    expect(serviceCase).toMatchObject({ acceptedOn: '2016-09-30', countsFrom: '2016-09-30', dueOn: '2016-10-12', dueOnEstimated: false });
  });

  it('holds 2004, the first published year, and keeps an administrator’s removal across a restart', async () => {
    const days = await graphql<Record<string, any>>(hub.url, '{ calendarDays(year: 2004) { date kind } }', { token: hub.tokens.admin });
    expect(days.body.data!.calendarDays).toContainEqual({ date: '2004-10-01', kind: 'HOLIDAY' });
    const removed = await graphql<Record<string, any>>(hub.url, 'mutation { removeCalendarDay(date: "2005-10-07") { date } }', {
      token: hub.tokens.admin,
    });
    expect(removed.body.errors).toBeUndefined();
    const again = await seedCalendar(hub.orm.em.fork());
    expect(again.seeded).toEqual([]);
    const after = await graphql<Record<string, any>>(hub.url, '{ calendarDays(year: 2005) { date } }', { token: hub.tokens.admin });
    expect(after.body.data!.calendarDays.map((day: { date: string }) => day.date)).not.toContain('2005-10-07');
  });

  it('counts a year the calendar lacks Monday–Friday, flags the case and warns', async () => {
    const warnings: EstimatedDueDate[] = [];
    const stop = onEstimatedDueDate((estimate) => warnings.push(estimate));
    try {
      // 2003 is before the published data: 25, 26, 29, 30, 31 December, weekends only skipped.
      const serviceCase = await accept('HIST-2003-1', '2003-12-24T09:00:00+08:00');
      expect(serviceCase).toMatchObject({ dueOn: '2003-12-31', dueOnEstimated: true });
      expect(warnings).toEqual([expect.objectContaining({ caseNo: 'HIST-2003-1', dueOn: '2003-12-31', missingYears: [2003] })]);
      // A case running from one known year into the next is exact.
      expect(await accept('HIST-2016-2', '2016-12-28T09:00:00+08:00')).toMatchObject({ dueOn: '2017-01-05', dueOnEstimated: false });
      expect(warnings).toHaveLength(1);
    } finally {
      stop();
    }
  });

  it('recounts the cases counted Monday–Friday once their year is entered', async () => {
    // As on a hub that held only recent years when 2012's cases were imported.
    await hub.orm.em.fork().getConnection().execute(`delete from calendar_day where date between '2012-01-01' and '2012-12-31'`);
    // Friday 28 September 2012: Monday–Friday gives 1–5 October, in the middle of 国庆.
    expect(await accept('OLD-2012-1', '2012-09-28T09:00:00+08:00')).toMatchObject({ dueOn: '2012-10-05', dueOnEstimated: true });
    await accept('OLD-2012-2', '2012-09-27T09:00:00+08:00');
    await stepCase('startCase', { caseNo: 'OLD-2012-2', at: '2012-09-27T10:00:00+08:00' });
    await stepCase('completeCase', { caseNo: 'OLD-2012-2', at: '2012-10-08T10:00:00+08:00' });
    const read = async (caseNo: string) =>
      (await scjg(`query C($no: String!) { case(caseNo: $no) { dueOn dueOnEstimated workingDaysTaken } }`, { no: caseNo })).body.data!.case;
    expect(await read('OLD-2012-2')).toMatchObject({ workingDaysTaken: 7 });

    const seeding = await seedCalendar(hub.orm.em.fork());
    expect(seeding.seeded).toEqual([2012]);
    expect(await recountDueDatesThrough(hub.orm.em.fork(), seeding.seeded)).toBe(2);
    // 29 September 2012 was a 调休 Saturday; 30 September–7 October off: 29 Sep, 8, 9, 10, 11 October.
    expect(await read('OLD-2012-1')).toEqual({ dueOn: '2012-10-11', dueOnEstimated: false, workingDaysTaken: null });
    // 28 and 29 September and 8 October, not seven weekdays.
    expect(await read('OLD-2012-2')).toMatchObject({ dueOnEstimated: false, workingDaysTaken: 3 });
    // Nothing entered, nothing recounted.
    expect(await recountDueDatesThrough(hub.orm.em.fork(), (await seedCalendar(hub.orm.em.fork())).seeded)).toBe(0);
  });
});

describe('the day an acceptance counts on', () => {
  it('is by default the calendar day, a holiday included: the clock starts the next working day', async () => {
    expect(await rule()).toEqual({ counting: 'CALENDAR_DAY', closesAt: null });
    // Accepted online on 3 October 2016 (国庆): counts on the 3rd; 8, 9, 10, 11, 12 October.
    expect(await accept('HOL-1', '2016-10-03T10:00:00+08:00')).toMatchObject({ countsFrom: '2016-10-03', dueOn: '2016-10-12' });
    // After hours on Thursday 29 September: still the 29th; 30 September, 8, 9, 10, 11 October.
    expect(await accept('LATE-1', '2016-09-29T18:00:00+08:00')).toMatchObject({ countsFrom: '2016-09-29', dueOn: '2016-10-11' });
  });

  it('can be the next working day after the closing hour and on non-working days', async () => {
    const set = await setRule({ counting: 'NEXT_WORKING_DAY_AFTER_CLOSING', closesAt: '17:30' });
    expect(set.body.data!.setAcceptanceRule).toEqual({
      counting: 'NEXT_WORKING_DAY_AFTER_CLOSING',
      closesAt: '17:30',
      recordedBy: 'ZWFW/test admin',
    });
    try {
      expect(await accept('LATE-2', '2016-09-29T18:00:00+08:00')).toMatchObject({
        acceptedOn: '2016-09-29',
        countsFrom: '2016-09-30',
        dueOn: '2016-10-12',
      });
      expect(await accept('LATE-3', '2016-09-29T17:29:00+08:00')).toMatchObject({ countsFrom: '2016-09-29', dueOn: '2016-10-11' });
      // On a holiday: counts on the first working day after it, the 调休 Saturday 8 October.
      expect(await accept('HOL-2', '2016-10-03T10:00:00+08:00')).toMatchObject({ countsFrom: '2016-10-08', dueOn: '2016-10-13' });
      // Decided the same evening, before the day it counts on: no working day taken, on time.
      await stepCase('startCase', { caseNo: 'LATE-2', at: '2016-09-29T18:10:00+08:00' });
      const done = await scjg('mutation S($input: CaseStepInput!) { completeCase(input: $input) { workingDaysTaken onTime } }', {
        input: { caseNo: 'LATE-2', at: '2016-09-29T18:20:00+08:00' },
      });
      expect(done.body.data!.completeCase).toEqual({ workingDaysTaken: 0, onTime: true });
    } finally {
      await setRule({ counting: 'CALENDAR_DAY' });
    }
  });

  it.each([
    [{ counting: 'NEXT_WORKING_DAY_AFTER_CLOSING' }, 'input.closesAt'],
    [{ counting: 'NEXT_WORKING_DAY_AFTER_CLOSING', closesAt: '25:00' }, 'input.closesAt'],
    [{ counting: 'NEXT_WORKING_DAY_AFTER_CLOSING', closesAt: '5:30' }, 'input.closesAt'],
    [{ counting: 'CALENDAR_DAY', closesAt: '17:30' }, 'input.closesAt'],
  ])('refuses %j and keeps the rule', async (input, field) => {
    const response = await setRule(input);
    expect(response.body.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(await rule()).toEqual({ counting: 'CALENDAR_DAY', closesAt: null });
  });

  it('is set by administrators only', async () => {
    const response = await setRule({ counting: 'NEXT_WORKING_DAY_AFTER_CLOSING', closesAt: '17:00' }, hub.tokens.system.SCJG);
    expect(response.body.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN' });
    expect(await rule()).toEqual({ counting: 'CALENDAR_DAY', closesAt: null });
  });
});

describe('a stopped clock', () => {
  it('is never overdue, and moves the due date by the working days stopped across a holiday', async () => {
    // Accepted Monday 26 September 2016: 27, 28, 29, 30 September and the 调休 Saturday 8 October.
    expect(await accept('STOP-1', '2016-09-26T09:00:00+08:00')).toMatchObject({ dueOn: '2016-10-08', overdue: true });
    await stepCase('startCase', { caseNo: 'STOP-1', at: '2016-09-26T10:00:00+08:00' });
    const suspended = await stepCase('suspendCase', { caseNo: 'STOP-1', at: '2016-09-29T09:00:00+08:00', reason: '补正材料' });
    // Long past its due date, but waiting for the applicant: not overdue, in the case or the figures.
    expect(suspended).toMatchObject({ status: 'SUSPENDED', clockStopped: true, overdue: false, dueOn: '2016-10-08' });
    const stats = async () =>
      (
        await graphql<Record<string, any>>(hub.url, 'query S($f: CaseStatsFilter!) { caseStats(filter: $f) { overdue overdueAtEnd } }', {
          token: hub.tokens.dashboard,
          variables: { f: { from: '2016-10-08', to: '2016-10-08', matterCode: archived.code } },
        })
      ).body.data!.caseStats;
    // The backlog holds HIST-2003-1 and OLD-2012-1, left open above; not STOP-1.
    expect(await stats()).toEqual({ overdue: 0, overdueAtEnd: 2 });

    // Materials back on Monday 10 October: 29, 30 September and 8, 9 October were stopped (the
    // holiday in between never counted), so the 3 days left are 10, 11 and 12 October.
    const resumed = await stepCase('resumeCase', { caseNo: 'STOP-1', at: '2016-10-10T09:00:00+08:00' });
    expect(resumed).toMatchObject({
      status: 'IN_PROGRESS',
      clockStopped: false,
      dueOn: '2016-10-12',
      dueOnEstimated: false,
      overdue: true,
    });
  });
});
