import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoUscc } from '../../demo/trades.js';
import { todayInShanghai } from '../../domain/working-days.js';
import { LIVE_FIGURES_INTERVAL_MS, LiveFigures } from '../../domain/live-counts/live-figures.js';
import { createLogger } from '../../support/logger.js';
import { COUNTS_CHANGED } from '../../domain/live-counts/counts-changed.js';
import { graphql } from '../support/graphql-client.js';
import { watchSubscription, type SubscriptionWatch } from '../support/subscription-watch.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { companyInput, register } from '../registration/registration-fixtures.js';

/**
 * Live-count subscriptions share one count per change and scope: many screens, one statement.
 * The statements are counted at the ORM's query log, by the text of each count.
 */
const statements: string[] = [];
let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub(
    {},
    {
      debug: ['query'],
      colors: false,
      logger: (message) => {
        if (message.startsWith('[query]')) statements.push(message);
      },
    },
  );
});
afterAll(() => hub?.stop());

const REGISTRATION_COUNT = /group by r\.kind, e\.kind/;
const LICENCE_COUNT = /group by licence_type_code/;
const LIVE_COUNT = /as trade_amount/;
const TRADE_COUNT = /group by category/;
const ran = (pattern: RegExp, since: number) => statements.slice(since).filter((statement) => pattern.test(statement)).length;

const watch = <T>(token: string, query: string, field: string, variables?: Record<string, unknown>) =>
  watchSubscription<T>(hub.url, token, query, field, variables);

type Watcher<T> = SubscriptionWatch<T>;
const first = <T>(watchers: Array<Watcher<T>>) => Promise.all(watchers.map((watcher) => watcher.until(() => true)));
const closeAll = (watchers: Array<Watcher<unknown>>) => Promise.all(watchers.map((watcher) => watcher.close()));

interface RegistrationFigures {
  established: number;
  changes: number;
  deregistrations: number;
  establishedByKind: Array<{ kind: string; count: number }>;
}
const REGISTRATIONS = 'subscription { registrationCounts { date established changes deregistrations establishedByKind { kind count } } }';
const LICENCES = 'subscription { licenceCounts { issued issuedByType { licenceTypeCode count } } }';

describe('live figures shared by every subscriber', () => {
  it('counts a registration once for twenty screens, and every screen receives the same, committed figures', async () => {
    const SCREENS = 20;
    const screens = Array.from({ length: SCREENS }, (_, i) =>
      watch<RegistrationFigures>(i % 2 ? hub.tokens.dashboard : hub.tokens.system.TJ, REGISTRATIONS, 'registrationCounts'),
    );
    const licenceScreens = Array.from({ length: 3 }, () => watch<{ issued: number }>(hub.tokens.dashboard, LICENCES, 'licenceCounts'));
    const before = await first(screens);
    const licencesBefore = await first(licenceScreens);
    const established = before[0].established;
    expect(before.every((figures) => figures.established === established)).toBe(true);

    const since = statements.length;
    const registered = await register(hub, companyInput({ kind: 'PARTNERSHIP' }));
    expect(registered.body.errors).toBeUndefined();
    const after = await Promise.all(screens.map((screen) => screen.until((figures) => figures.established === established + 1)));
    const licencesAfter = await Promise.all(
      licenceScreens.map((screen) => screen.until((figures) => figures.issued === licencesBefore[0].issued + 1)),
    );

    // The figures every screen got are the ones a query reads now that the registration committed.
    const query = await graphql<{ registrationCounts: RegistrationFigures }>(
      hub.url,
      '{ registrationCounts { date established changes deregistrations establishedByKind { kind count } } }',
      { token: hub.tokens.dashboard },
    );
    for (const figures of after) expect(figures).toEqual(query.body.data!.registrationCounts);
    expect(after[0].establishedByKind.find((entry) => entry.kind === 'PARTNERSHIP')!.count).toBe(
      before[0].establishedByKind.find((entry) => entry.kind === 'PARTNERSHIP')!.count + 1,
    );
    // The business licence the registration issued reaches the licence screens too.
    expect(licencesAfter.every((figures) => figures.issued === licencesBefore[0].issued + 1)).toBe(true);
    // One count for twenty registration screens (the query above is the second), one for three licence screens.
    expect(ran(REGISTRATION_COUNT, since)).toBe(2);
    expect(ran(LICENCE_COUNT, since)).toBe(1);

    await closeAll([...screens, ...licenceScreens]);
    await expect.poll(() => hub.liveFigures.liveSources).toBe(0);
  });

  it('keeps a count per scope: screens of different scopes get their own figures, each scope counted once', async () => {
    const LIVE = `subscription L($scope: LiveCountsScopeInput) { liveCounts(scope: $scope) { departmentCode registrations } }`;
    type Live = { departmentCode: string | null; registrations: number };
    const scjg = [
      watch<Live>(hub.tokens.system.SCJG, LIVE, 'liveCounts', { scope: { departmentCode: 'SCJG' } }),
      watch<Live>(hub.tokens.clerk, LIVE, 'liveCounts', { scope: { departmentCode: 'SCJG' } }),
      watch<Live>(hub.tokens.dashboard, LIVE, 'liveCounts', { scope: { departmentCode: 'SCJG' } }),
    ];
    const mz = [
      watch<Live>(hub.tokens.system.MZ, LIVE, 'liveCounts', { scope: { departmentCode: 'MZ' } }),
      watch<Live>(hub.tokens.dashboard, LIVE, 'liveCounts', { scope: { departmentCode: 'MZ' } }),
    ];
    const centre = [watch<Live>(hub.tokens.dashboard, LIVE, 'liveCounts'), watch<Live>(hub.tokens.admin, LIVE, 'liveCounts')];
    const [scjgBefore] = await first(scjg);
    const [mzBefore] = await first(mz);
    const [centreBefore] = await first(centre);
    expect(hub.liveFigures.liveSources).toBe(3);

    const since = statements.length;
    const mzPushes = mz.map((screen) => screen.results.length);
    expect((await register(hub)).body.errors).toBeUndefined();
    for (const screen of scjg) {
      expect(await screen.until((figures) => figures.registrations === scjgBefore.registrations + 1)).toEqual({
        departmentCode: 'SCJG',
        registrations: scjgBefore.registrations + 1,
      });
    }
    for (const screen of centre) {
      expect(await screen.until((figures) => figures.registrations === centreBefore.registrations + 1)).toEqual({
        departmentCode: null,
        registrations: centreBefore.registrations + 1,
      });
    }
    // SCJG's scope and the centre's were counted once each; MZ's was neither counted nor pushed.
    expect(ran(LIVE_COUNT, since)).toBe(2);
    expect(mz.map((screen) => screen.results.length)).toEqual(mzPushes);
    expect(
      mz.every((screen) =>
        screen.results.every((figures) => figures.departmentCode === 'MZ' && figures.registrations === mzBefore.registrations),
      ),
    ).toBe(true);
    await closeAll([...scjg, ...mz, ...centre]);
  });

  it("counts today's deals once per division, and withholds a field per subscriber by the sharing policy", async () => {
    const TODAY = `subscription T($division: String) { tradingToday(divisionCode: $division) { divisionCode count totalDeal totalSavings } }`;
    type Today = { divisionCode: string | null; count: number; totalDeal: string; totalSavings: string | null };
    // totalSavings becomes the trading centre's own: withheld from every other department.
    const policy = await graphql(
      hub.url,
      'mutation { setFieldSharing(input: { typeName: "TradeStats", fieldName: "totalSavings", level: NOT_SHARED, ownerDepartmentCode: "GGZY" }) { level } }',
      { token: hub.tokens.admin },
    );
    expect(policy.body.errors).toBeUndefined();
    const owner = watch<Today>(hub.tokens.system.GGZY, TODAY, 'tradingToday', { division: '510811' });
    const others = [
      watch<Today>(hub.tokens.dashboard, TODAY, 'tradingToday', { division: '510811' }),
      watch<Today>(hub.tokens.system.TJ, TODAY, 'tradingToday', { division: '510811' }),
    ];
    const elsewhere = watch<Today>(hub.tokens.dashboard, TODAY, 'tradingToday', { division: '510802' });
    await first([owner, ...others, elsewhere]);

    const today = todayInShanghai();
    const recorded = await graphql(hub.url, 'mutation R($input: RecordTradeInput!) { recordTrade(input: $input) { code } }', {
      token: hub.tokens.system.GGZY,
      variables: {
        input: {
          code: 'ZHCG-FANOUT-001',
          name: '区政务服务中心显示屏采购',
          category: 'PROCUREMENT',
          method: 'REQUEST_FOR_QUOTATION',
          budget: '480000.00',
          divisionCode: '510811',
          announcedOn: today,
        },
      },
    });
    expect(recorded.body.errors).toBeUndefined();
    const since = statements.length;
    const elsewherePushes = elsewhere.results.length;
    const awarded = await graphql(hub.url, 'mutation A($input: AwardTradeInput!) { awardTrade(input: $input) { status } }', {
      token: hub.tokens.system.GGZY,
      variables: {
        input: {
          code: 'ZHCG-FANOUT-001',
          dealAmount: '452300.00',
          dealOn: today,
          winnerUscc: demoUscc('510802', 6),
          winnerName: '广元市天成办公设备有限公司',
        },
      },
    });
    expect(awarded.body.errors).toBeUndefined();

    expect(await owner.until((figures) => figures.count === 1)).toEqual({
      divisionCode: '510811',
      count: 1,
      totalDeal: '452300.00',
      totalSavings: '27700.00',
    });
    for (const screen of others) {
      expect(await screen.until((figures) => figures.count === 1)).toEqual({
        divisionCode: '510811',
        count: 1,
        totalDeal: '452300.00',
        totalSavings: null,
      });
    }
    expect(ran(TRADE_COUNT, since)).toBe(1);
    expect(elsewhere.results.length).toBe(elsewherePushes);
    expect(elsewhere.results.at(-1)).toMatchObject({ divisionCode: '510802', count: 0 });
    await closeAll([owner, ...others, elsewhere]);
  });

  it('ends every screen on the figures after a burst of registrations, with counts bounded by time, not by screens', async () => {
    const SCREENS = 10;
    const BURST = 24;
    const screens = Array.from({ length: SCREENS }, () =>
      watch<RegistrationFigures>(hub.tokens.dashboard, REGISTRATIONS, 'registrationCounts'),
    );
    const [start] = await first(screens);
    const since = statements.length;
    const startedAt = Date.now();
    let next = 0;
    const worker = async () => {
      while (next < BURST) {
        next += 1;
        const response = await register(hub);
        if (response.body.errors) throw new Error(JSON.stringify(response.body.errors));
      }
    };
    await Promise.all(Array.from({ length: 6 }, worker));
    const final = start.established + BURST;
    await Promise.all(screens.map((screen) => screen.until((figures) => figures.established === final)));
    const counts = ran(REGISTRATION_COUNT, since);
    // At most one count per interval and one to end on, whatever the number of screens.
    expect(counts).toBeLessThanOrEqual(Math.ceil((Date.now() - startedAt) / LIVE_FIGURES_INTERVAL_MS) + 2);
    expect(counts).toBeLessThan(BURST);
    for (const screen of screens) {
      expect(screen.results.at(-1)!.established).toBe(final);
      expect(screen.errors).toEqual([]);
    }
    await closeAll(screens);
  }, 120_000);

  it('reports a failed count to the waiting subscribers and counts again, so they end on the figures', async () => {
    const figures = new LiveFigures({ em: hub.orm.em, pubSub: hub.pubSub, logger: createLogger('silent'), intervalMs: 10 });
    let attempts = 0;
    const source = {
      key: 'failing-once',
      concerns: () => true,
      compute: async (em: typeof hub.orm.em) => {
        attempts += 1;
        // The first attempt reads a table that does not exist: the database refuses it.
        const [row] = await em.execute<Array<{ count: number }>>(
          attempts === 1 ? 'select count(*)::int as count from no_such_table' : 'select count(*)::int as count from registration',
        );
        return row;
      },
    };
    const stream = figures.watch(source)[Symbol.asyncIterator]();
    try {
      const failed = await stream.next();
      expect(failed.value).toBeInstanceOf(Error);
      const recovered = await stream.next();
      const registered = await hub.orm.em.fork().execute<Array<{ count: number }>>('select count(*)::int as count from registration');
      expect(recovered.value).toEqual(registered[0]);
      expect(attempts).toBe(2);
      // A change after the recovery is counted and pushed like any other.
      expect((await register(hub)).body.errors).toBeUndefined();
      hub.pubSub.publish(COUNTS_CHANGED, { kind: 'registration' });
      expect(await stream.next()).toEqual({ done: false, value: { count: registered[0].count + 1 } });
      // The last subscriber gone, nothing is kept live.
      await stream.return?.();
      await expect.poll(() => figures.liveSources).toBe(0);
    } finally {
      await stream.return?.();
      figures.close();
    }
  });

  it('serves a screen that joins right after a count from that count, and counts the next change once for all', async () => {
    const figures = new LiveFigures({ em: hub.orm.em, pubSub: hub.pubSub, logger: createLogger('silent'), intervalMs: 3_000 });
    let counts = 0;
    const source = {
      key: 'registrations',
      concerns: (change: { kind: string }) => change.kind === 'registration',
      compute: async (em: typeof hub.orm.em) => {
        counts += 1;
        const [row] = await em.execute<Array<{ count: number }>>('select count(*)::int as count from registration');
        return row;
      },
    };
    const streams = [figures.watch(source)[Symbol.asyncIterator]()];
    try {
      const first = (await streams[0].next()).value;
      streams.push(figures.watch(source)[Symbol.asyncIterator](), figures.watch(source)[Symbol.asyncIterator]());
      // The same object, from the one count.
      for (const stream of streams.slice(1)) expect((await stream.next()).value).toBe(first);
      expect(counts).toBe(1);
      expect((await register(hub)).body.errors).toBeUndefined();
      hub.pubSub.publish(COUNTS_CHANGED, { kind: 'registration' });
      const after = await Promise.all(streams.map((stream) => stream.next()));
      expect(after.map((next) => next.value)).toEqual(streams.map(() => ({ count: (first as { count: number }).count + 1 })));
      expect(new Set(after.map((next) => next.value)).size).toBe(1);
      expect(counts).toBe(2);
    } finally {
      await Promise.all(streams.map((stream) => stream.return?.()));
      figures.close();
    }
  });
});
