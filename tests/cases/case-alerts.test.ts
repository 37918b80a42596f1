import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql, wsClient } from '../support/graphql-client.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { ACCEPT, acceptInput, addCatalog, nameApproval, step } from './case-fixtures.js';

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
  await addCatalog(hub);
});
afterAll(() => hub?.stop());

const scjg = (query: string, variables: Record<string, unknown> = {}) =>
  graphql<Record<string, any>>(hub.url, query, { token: hub.tokens.system.SCJG, variables });
const ALERTS =
  'subscription A($departmentCode: String) { caseAlerts(departmentCode: $departmentCode) { kind caseNo departmentCode matterCode matterName dueOn } }';

function watchAlerts(token: string, departmentCode?: string) {
  const client = wsClient(hub.url, token);
  const alerts: Array<Record<string, string>> = [];
  const errors: unknown[] = [];
  const unsubscribe = client.subscribe<{ caseAlerts: Record<string, string> }>(
    { query: ALERTS, variables: { departmentCode } },
    {
      next: (result) => (result.data ? alerts.push(result.data.caseAlerts) : errors.push(...(result.errors ?? []))),
      error: (error) => errors.push(error),
      complete: () => {},
    },
  );
  return {
    alerts,
    errors,
    close: async () => {
      unsubscribe();
      await client.dispose();
    },
  };
}

describe('caseAlerts', () => {
  it('pushes a case going overdue and a case entering its last working day, each once, raised by the scheduler', async () => {
    const screen = watchAlerts(hub.tokens.dashboard);
    const own = watchAlerts(hub.tokens.system.SCJG);
    const other = watchAlerts(hub.tokens.system.MZ);
    await new Promise((resolve) => setTimeout(resolve, 300)); // let the subscriptions start

    // Accepted in September, never decided: overdue since 16 October.
    expect((await scjg(ACCEPT, { input: acceptInput({ caseNo: 'ALERT-LATE' }) })).body.errors).toBeUndefined();
    await expect.poll(() => screen.alerts.map((alert) => alert.caseNo), { timeout: 10_000 }).toContain('ALERT-LATE');
    expect(screen.alerts.find((alert) => alert.caseNo === 'ALERT-LATE')).toEqual({
      kind: 'OVERDUE',
      caseNo: 'ALERT-LATE',
      departmentCode: 'SCJG',
      matterCode: 'SCJG-XK-001',
      matterName: '食品经营许可',
      dueOn: '2026-10-16',
    });

    // An on-the-spot case accepted now is due today: its last working day.
    await scjg(ACCEPT, { input: acceptInput({ caseNo: 'ALERT-TODAY', matterCode: nameApproval.code, acceptedAt: null }) });
    await expect.poll(() => screen.alerts.map((alert) => alert.caseNo), { timeout: 10_000 }).toContain('ALERT-TODAY');
    expect(screen.alerts.find((alert) => alert.caseNo === 'ALERT-TODAY')!.kind).toBe('LAST_WORKING_DAY');

    // Each alert was raised once, though the scheduler ran after each commit.
    expect(screen.alerts.filter((alert) => alert.caseNo === 'ALERT-LATE')).toHaveLength(1);
    await expect.poll(() => own.alerts.length, { timeout: 5_000 }).toBe(2);
    expect(other.alerts).toEqual([]);
    await Promise.all([screen.close(), own.close(), other.close()]);
  });

  it('lists the current alerts, without suspended cases, within the principal’s scope', async () => {
    await scjg(ACCEPT, { input: acceptInput({ caseNo: 'ALERT-SUSPENDED' }) });
    await scjg(step('suspendCase'), { input: { caseNo: 'ALERT-SUSPENDED', at: '2026-09-29T09:00:00+08:00', reason: '补正材料' } });
    const listed = await scjg('{ caseAlerts { kind caseNo } }');
    const caseNos = listed.body.data!.caseAlerts.map((alert: { caseNo: string }) => alert.caseNo);
    expect(caseNos).toEqual(expect.arrayContaining(['ALERT-LATE', 'ALERT-TODAY']));
    expect(caseNos).not.toContain('ALERT-SUSPENDED');
    const forbidden = await graphql<Record<string, any>>(hub.url, '{ caseAlerts(departmentCode: "SCJG") { caseNo } }', {
      token: hub.tokens.system.MZ,
    });
    expect(forbidden.body.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN', field: 'departmentCode' });
    const watcher = watchAlerts(hub.tokens.system.MZ, 'SCJG');
    await expect.poll(() => watcher.errors.length, { timeout: 5_000 }).toBeGreaterThan(0);
    expect(JSON.stringify(watcher.errors)).toContain('FORBIDDEN');
    await watcher.close();
  });
});
