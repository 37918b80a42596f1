import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '../support/graphql-client.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { ACCEPT, acceptInput, addCatalog } from './case-fixtures.js';

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
  await addCatalog(hub);
});
afterAll(() => hub?.stop());

const admin = (query: string, variables: Record<string, unknown> = {}) =>
  graphql<Record<string, any>>(hub.url, query, { token: hub.tokens.admin, variables });
const ADD = 'mutation A($input: CalendarDayInput!) { addCalendarDay(input: $input) { date kind name recordedBy } }';
const dayCount = async () => Number((await hub.orm.em.fork().getConnection().execute('select count(*)::int as n from calendar_day'))[0].n);

describe('the working-day calendar is data', () => {
  it('is seeded from the published arrangement: 2026 National Day and its 调休 days', async () => {
    const days = await admin('{ calendarDays(year: 2026) { date kind name recordedBy } }');
    const byDate = new Map(days.body.data!.calendarDays.map((day: any) => [day.date, day]));
    expect(byDate.get('2026-10-01')).toMatchObject({ kind: 'HOLIDAY', recordedBy: 'chinese-days' });
    expect(byDate.get('2026-10-10')).toMatchObject({ kind: 'MAKEUP_WORKDAY' });
    expect(byDate.has('2026-10-03')).toBe(false); // a Saturday inside the holiday changes nothing
  });

  it('moves the due date of cases accepted after an edit, and refuses a day entered twice', async () => {
    const before = await graphql<Record<string, any>>(hub.url, ACCEPT, {
      token: hub.tokens.system.SCJG,
      variables: { input: acceptInput({ caseNo: 'CAL-1', acceptedAt: '2026-11-02T09:00:00+08:00' }) },
    });
    expect(before.body.data!.acceptCase.dueOn).toBe('2026-11-16');

    const added = await admin(ADD, { input: { date: '2026-11-10', kind: 'HOLIDAY', name: '区庆' } });
    expect(added.body.data!.addCalendarDay).toEqual({ date: '2026-11-10', kind: 'HOLIDAY', name: '区庆', recordedBy: 'ZWFW/test admin' });
    const after = await graphql<Record<string, any>>(hub.url, ACCEPT, {
      token: hub.tokens.system.SCJG,
      variables: { input: acceptInput({ caseNo: 'CAL-2', acceptedAt: '2026-11-02T09:00:00+08:00' }) },
    });
    expect(after.body.data!.acceptCase.dueOn).toBe('2026-11-17');

    const count = await dayCount();
    const twice = await admin(ADD, { input: { date: '2026-11-10', kind: 'HOLIDAY', name: '又一个' } });
    expect(twice.body.errors![0].extensions).toMatchObject({ code: 'CONFLICT', field: 'input.date', kind: 'HOLIDAY' });
    const seeded = await admin(ADD, { input: { date: '2026-10-01', kind: 'HOLIDAY', name: '国庆节' } });
    expect(seeded.body.errors![0].extensions).toMatchObject({ code: 'CONFLICT', field: 'input.date' });
    expect(await dayCount()).toBe(count);

    const removed = await admin('mutation { removeCalendarDay(date: "2026-11-10") { date } }');
    expect(removed.body.data!.removeCalendarDay).toEqual({ date: '2026-11-10' });
    expect(await dayCount()).toBe(count - 1);
  });

  it.each([
    [{ date: '2026-11-14', kind: 'HOLIDAY', name: '周六' }, 'BAD_USER_INPUT', 'input.kind'],
    [{ date: '2026-11-11', kind: 'MAKEUP_WORKDAY', name: '周三' }, 'BAD_USER_INPUT', 'input.kind'],
    [{ date: '2026-02-30', kind: 'HOLIDAY', name: 'x' }, 'BAD_USER_INPUT', 'input.date'],
    [{ date: '2026-11-11', kind: 'HOLIDAY', name: '' }, 'BAD_USER_INPUT', 'input.name'],
  ])('refuses %j', async (input, code, field) => {
    const count = await dayCount();
    const response = await admin(ADD, { input });
    expect(response.body.errors![0].extensions).toMatchObject({ code, field });
    expect(await dayCount()).toBe(count);
  });

  it('is edited by administrators only', async () => {
    const response = await graphql<Record<string, any>>(hub.url, ADD, {
      token: hub.tokens.system.SCJG,
      variables: { input: { date: '2026-11-11', kind: 'HOLIDAY', name: 'x' } },
    });
    expect(response.body.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN' });
    const missing = await admin('mutation { removeCalendarDay(date: "2026-11-11") { date } }');
    expect(missing.body.errors![0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'date' });
  });
});
