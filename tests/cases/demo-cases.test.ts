import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CASE_MIX, seedDemoCases } from '../../demo/cases.js';
import { seedDemoMatters } from '../../demo/matters.js';
import { loadWorkingDayCalendar } from '../../domain/calendar/load-calendar.js';
import { ServiceCase } from '../../entities/case.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { graphql } from '../support/graphql-client.js';

let hub: TestHub;
let written: number;
const NOW = new Date('2026-11-23T12:00:00+08:00');

beforeAll(async () => {
  hub = await startTestHub();
  written = await hub.orm.em
    .fork()
    .transactional(async (tx) => (await seedDemoMatters(tx), seedDemoCases(tx, { now: NOW, perWorkingDay: 20 })));
}, 60_000);
afterAll(() => hub?.stop());

describe('the demo year of cases', () => {
  it('fixes due dates and working days in SQL exactly as the calendar does', async () => {
    expect(written).toBeGreaterThan(4000);
    const em = hub.orm.em.fork();
    const calendar = await loadWorkingDayCalendar(em);
    const sample = await em.find(ServiceCase, { caseNo: { $like: 'ZH%' } }, { orderBy: { caseNo: 'asc' }, limit: 400 });
    const promised = await em.find(ServiceCase, { caseNo: { $like: 'ZH%' }, promisedLimitDays: { $gte: 5 } }, { limit: 400 });
    for (const serviceCase of [...sample, ...promised]) {
      expect(serviceCase.dueOn).toBe(calendar.addWorkingDays(serviceCase.acceptedOn, serviceCase.promisedLimitDays));
      expect(serviceCase.legalDueOn).toBe(calendar.addWorkingDays(serviceCase.acceptedOn, serviceCase.legalLimitDays));
      if (serviceCase.completedOn) {
        expect(serviceCase.workingDaysTaken).toBe(calendar.workingDaysBetween(serviceCase.acceptedOn, serviceCase.completedOn));
        expect(serviceCase.completedAt!.getTime()).toBeGreaterThanOrEqual(serviceCase.acceptedAt.getTime());
      }
      expect(calendar.isWorkingDay(serviceCase.acceptedOn)).toBe(true);
    }
  });

  it('reads like the report: every decision on time, a few open cases overdue, each case with its history', async () => {
    const stats = await graphql<Record<string, any>>(
      hub.url,
      '{ caseStats(filter: { from: "2025-11-24", to: "2026-11-23" }) { accepted completed onTimeRate overdue speedUp } }',
      { token: hub.tokens.dashboard },
    );
    expect(stats.body.data!.caseStats).toMatchObject({ accepted: written, onTimeRate: 1 });
    expect(stats.body.data!.caseStats.completed).toBeGreaterThan(written * 0.95);
    expect(stats.body.data!.caseStats.speedUp).toBeGreaterThan(0.9);
    const [{ missing }] = await hub.orm.em
      .fork()
      .execute<Array<{ missing: number }>>(
        `select count(*)::int as missing from service_case c where not exists (select 1 from case_status_change h where h.service_case_id = c.id)`,
      );
    expect(missing).toBe(0);
    const [{ matters }] = await hub.orm.em
      .fork()
      .execute<Array<{ matters: number }>>(`select count(distinct matter_code)::int as matters from service_case`);
    expect(matters).toBe(DEMO_CASE_MIX.length);
  });
});
