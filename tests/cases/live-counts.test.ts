import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '../support/graphql-client.js';
import { watchSubscription } from '../support/subscription-watch.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { COUNTS_CHANGED } from '../../domain/live-counts/counts-changed.js';
import { LIVE_FIGURES_INTERVAL_MS } from '../../domain/live-counts/live-figures.js';
import { ACCEPT, APPLICANT_USCC, acceptInput, addCatalog, foodLicence } from './case-fixtures.js';

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
  await addCatalog(hub);
});
afterAll(() => hub?.stop());

const LIVE = `subscription L($scope: LiveCountsScopeInput) { liveCounts(scope: $scope) {
  date departmentCode casesAccepted casesCompleted casesOverdue casesAcceptedByHour registrations licencesIssued trades tradeAmount } }`;

interface Figures {
  casesAccepted: number;
  casesAcceptedByHour: number[];
  departmentCode: string | null;
}

/** Subscribes to liveCounts and keeps every result; `until` resolves when one satisfies the predicate. */
const watch = (token: string, scope?: Record<string, unknown>) => watchSubscription<Figures>(hub.url, token, LIVE, 'liveCounts', { scope });

const accept = (caseNo: string) =>
  graphql<Record<string, any>>(hub.url, ACCEPT, {
    token: hub.tokens.system.SCJG,
    variables: { input: acceptInput({ caseNo, acceptedAt: null }) },
  });

describe('liveCounts', () => {
  it("sends today's figures at once, then after a commit, for the centre and for the department", async () => {
    const centre = watch(hub.tokens.dashboard);
    const own = watch(hub.tokens.system.SCJG, { departmentCode: 'SCJG' });
    const other = watch(hub.tokens.system.MZ, { departmentCode: 'MZ' });
    const first = await centre.until(() => true);
    await own.until(() => true);
    await other.until(() => true);
    const response = await accept('LIVE-0001');
    expect(response.body.errors).toBeUndefined();
    const after = await centre.until((figures) => figures.casesAccepted === first.casesAccepted + 1);
    expect(after.casesAcceptedByHour.reduce((sum, count) => sum + count, 0)).toBe(after.casesAccepted);
    await own.until((figures) => figures.casesAccepted === first.casesAccepted + 1 && figures.departmentCode === 'SCJG');
    // MZ's screen was not pushed for SCJG's case, and its figure never moved.
    expect(other.results.every((figures) => figures.casesAccepted === 0)).toBe(true);
    await Promise.all([centre.close(), own.close(), other.close()]);
  });

  it('executes an event once for all the screens of one scope and reader, not once per screen', async () => {
    const counters = async () => {
      const text = await (await fetch(`${hub.url}/metrics`, { headers: { authorization: `Bearer ${hub.tokens.admin}` } })).text();
      const value = (name: string) => Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
      return { executions: value('hub_shared_subscription_executions_total'), results: value('hub_shared_subscription_results_total') };
    };
    const screens = Array.from({ length: 10 }, () => watch(hub.tokens.dashboard));
    const firsts = await Promise.all(screens.map((screen) => screen.until(() => true)));
    const before = await counters();
    expect((await accept('LIVE-SHARED')).body.errors).toBeUndefined();
    await Promise.all(screens.map((screen, index) => screen.until((figures) => figures.casesAccepted === firsts[index].casesAccepted + 1)));
    const after = await counters();
    const executions = after.executions - before.executions;
    const results = after.results - before.results;
    expect(results).toBeGreaterThanOrEqual(10);
    expect(executions).toBeGreaterThanOrEqual(1);
    expect(executions * 5).toBeLessThanOrEqual(results);
    await Promise.all(screens.map((screen) => screen.close()));
  });

  it.each<[Record<string, unknown> | undefined, string]>([
    [{ departmentCode: 'SCJG' }, 'the other department'],
    [undefined, 'the whole centre'],
    [{ divisionCode: '510811' }, 'a division outside its department'],
  ])("refuses a department's system a scope it may not see: %j (%s)", async (scope: Record<string, unknown> | undefined) => {
    const watcher = watch(hub.tokens.system.MZ, scope);
    await expect.poll(() => watcher.errors.length, { timeout: 5000 }).toBeGreaterThan(0);
    expect(JSON.stringify(watcher.errors)).toContain('FORBIDDEN');
    expect(watcher.results).toEqual([]);
    await watcher.close();
  });

  it('coalesces a burst of ten thousand commits: few updates, ending on the final figures', async () => {
    // Real mutations (each commit costs the test database a disk flush, so the default is 500;
    // LIVE_COUNTS_MUTATIONS=10000 runs ten thousand), and with them the ten thousand change signals
    // that ten thousand commits publish, in the same burst.
    const MUTATIONS = Number(process.env.LIVE_COUNTS_MUTATIONS ?? 500);
    const SIGNALS = 10_000;
    const centre = watch(hub.tokens.dashboard);
    const start = await centre.until(() => true);
    const received = centre.results.length;
    const startedAt = Date.now();
    const PER_DOCUMENT = 10; // the most root fields the hub allows in one operation
    let next = 0;
    const worker = async () => {
      while (next < MUTATIONS) {
        const first = next;
        next = Math.min(MUTATIONS, next + PER_DOCUMENT);
        const fields = Array.from(
          { length: next - first },
          (_, i) =>
            `m${i}: acceptCase(input: { caseNo: "BURST-${first + i}", matterCode: "${foodLicence.code}", applicantCode: "${APPLICANT_USCC}", applicantName: "某公司", channel: WINDOW }) { status }`,
        );
        const response = await graphql(hub.url, `mutation { ${fields.join(' ')} }`, { token: hub.tokens.system.SCJG });
        if (response.body.errors) throw new Error(JSON.stringify(response.body.errors));
      }
    };
    const signals = (async () => {
      for (let i = 0; i < SIGNALS; i++) {
        hub.pubSub.publish(COUNTS_CHANGED, { kind: 'case', departmentCode: 'SCJG', divisionCode: '510811' });
        if (i % 1000 === 0) await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    await Promise.all([...Array.from({ length: 8 }, worker), signals]);
    const final = await centre.until((figures) => figures.casesAccepted === start.casesAccepted + MUTATIONS);
    expect(final.casesAccepted).toBe(start.casesAccepted + MUTATIONS);
    // One update per coalescing interval at most (and one to end on), not one per commit.
    const updates = centre.results.length - received;
    expect(updates).toBeLessThanOrEqual(Math.ceil((Date.now() - startedAt) / LIVE_FIGURES_INTERVAL_MS) + 2);
    expect(updates).toBeLessThan((MUTATIONS + SIGNALS) / 20);
    await centre.close();
  }, 300_000);
});
