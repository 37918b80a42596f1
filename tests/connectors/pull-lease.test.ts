import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PullLease, PullLeaseLost } from '../../connectors/inbound/pull-lease.js';
import { loadConfig } from '../../server/config.js';
import { startHub, type RunningHub } from '../../server/hub.js';
import { createLogger } from '../../support/logger.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { createConnector, eventually, uniqueName } from './connector-fixtures.js';
import { DealsFeed, deal, feedConnectorInput } from './deals-feed.js';

/**
 * A lease shorter than a pass over the slow feed below: a pass survives only if it renews the
 * lease while it runs, and a process that dies holding it blocks the connector this long.
 */
const delivery = { workers: 1, pollMs: 20, leaseMs: 1_500, batchSize: 10 };

describe('pull connectors across hub processes: one pass at a time, under an expiring lease', () => {
  let hub: TestHub;
  let second: RunningHub;

  beforeAll(async () => {
    hub = await startTestHub({ delivery });
    // A second hub process on the same database, with its own pool and pull scheduler.
    const config = {
      ...loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }),
      host: '127.0.0.1',
      port: 0,
      database: hub.database.config,
      delivery,
    };
    second = await startHub(config, createLogger('silent'));
  });
  afterAll(async () => {
    await second?.close();
    await hub?.stop();
  });

  const connectorRow = async (id: string) =>
    (await hub.orm.em.fork().execute('select cursor, last_error, pull_lease_owner from connector where id = ?', [id]))[0] as {
      cursor: string | null;
      last_error: string | null;
      pull_lease_owner: string | null;
    };
  /** Records recognised as duplicates (work done twice), summed over both processes' metrics. */
  const duplicates = async (name: string) => {
    let total = 0;
    for (const url of [hub.url, second.url]) {
      const text = await (await fetch(new URL('/metrics', url), { headers: { authorization: `Bearer ${hub.tokens.admin}` } })).text();
      const line = text
        .split('\n')
        .find((entry) => entry.startsWith(`hub_connector_inbound_records_total{connector="${name}",outcome="duplicate"}`));
      total += line ? Number(line.split(' ').at(-1)) : 0;
    }
    return total;
  };

  it('lets the feed see each page asked for by one process at a time, the cursor only moving forward', async () => {
    const feed = new DealsFeed();
    await feed.start();
    try {
      // Eleven requests of 250 ms make a pass outlast its 1.5 s lease: it must renew it.
      feed.delayMs = 250;
      for (let index = 1; index <= 20; index += 1) feed.deals.push(deal(`GGZY-2026-${String(index).padStart(3, '0')}`, `${index}000.00`));
      const name = uniqueName('ggzy-leased');
      const input = feedConnectorInput(name, feed);
      const connector = await createConnector(hub, { ...input, config: { ...input.config, intervalMs: 50 } });

      // Which schedulers held the lease, watched from outside: both processes must take part.
      const holders = new Set<string>();
      let watching = true;
      const watcher = (async () => {
        while (watching) {
          const owner = (await connectorRow(connector.id)).pull_lease_owner;
          if (owner) holders.add(owner.slice(0, owner.lastIndexOf(':')));
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
      })();
      try {
        await eventually(
          async () => ({
            row: await connectorRow(connector.id),
            tail: feed.requests.filter((request) => request.since === 20).length,
            holders: holders.size,
          }),
          (state) => state.row.cursor === '20' && state.tail >= 6 && state.holders >= 2,
          60_000,
        );
      } finally {
        watching = false;
        await watcher;
      }

      expect(feed.maxConcurrent).toBe(1);
      // Every page before the tail was asked for once: no pass repeated another's work.
      expect(feed.requests.filter((request) => request.since < 20).map((request) => request.since)).toEqual([
        0, 2, 4, 6, 8, 10, 12, 14, 16, 18,
      ]);
      const asked = feed.requests.map((request) => request.since);
      expect(asked).toEqual([...asked].sort((a, b) => a - b));
      const recorded = await hub.orm.em
        .fork()
        .execute(`select status, count(*)::int as n from connector_inbound_record where connector_id = ? group by status`, [connector.id]);
      expect(recorded).toEqual([{ status: 'APPLIED', n: 20 }]);
      expect(await duplicates(name)).toBe(0);
      expect((await connectorRow(connector.id)).last_error).toBeNull();
      await hub.orm.em.fork().execute('update connector set enabled = false where id = ?', [connector.id]);
    } finally {
      await feed.stop();
    }
  }, 90_000);

  it('takes over, once its lease has run out, a connector whose process died holding it', async () => {
    const feed = new DealsFeed();
    await feed.start();
    try {
      feed.deals.push(deal('GGZY-2026-101', '100.00'), deal('GGZY-2026-102', '200.00'), deal('GGZY-2026-103', '300.00'));
      const connector = await createConnector(hub, feedConnectorInput(uniqueName('ggzy-orphaned'), feed, { enabled: false }));
      // A hub process died in the middle of a pass: its lease row stays, owned, until it expires.
      const [{ until_ms: deadUntilMs }] = await hub.orm.em.fork().execute(
        `update connector set pull_lease_owner = 'dead-hub:4242:0badf00d:7', pull_lease_until = now() + interval '1500 milliseconds', enabled = true
          where id = ? returning extract(epoch from pull_lease_until) * 1000 as until_ms`,
        [connector.id],
      );

      const row = await eventually(
        () => connectorRow(connector.id),
        (state) => state.cursor === '3',
        30_000,
      );
      expect(feed.requests.length).toBeGreaterThan(0);
      // Nobody asked the feed for anything while the dead process's lease held.
      expect(Math.min(...feed.requests.map((request) => request.at))).toBeGreaterThanOrEqual(Math.floor(Number(deadUntilMs)));
      expect(row.pull_lease_owner ?? '').not.toMatch(/^dead-hub/);
      expect(feed.requests.filter((request) => request.since === 0)).toHaveLength(1);
      expect((await trades(['GGZY-2026-101', 'GGZY-2026-103'])).length).toBe(2);
      await hub.orm.em.fork().execute('update connector set enabled = false where id = ?', [connector.id]);
    } finally {
      await feed.stop();
    }
  }, 60_000);

  const trades = async (codes: string[]) =>
    hub.orm.em.fork().execute(`select code from trade where code in (${codes.map(() => '?').join(', ')})`, codes);
});

describe.each([
  ['PostgreSQL', {}],
  ['embedded PGlite', { database: { driver: 'pglite', dataDir: 'memory://' } }],
] as const)('PullLease on %s', (_driver, overrides) => {
  // No pull scheduler runs in this hub (no delivery workers): the test holds the leases itself.
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub(overrides);
  }, 120_000);
  afterAll(async () => {
    await hub?.stop();
  });

  it('refuses the writes of a pass whose lease was taken over, and hands the next pass the saved cursor', async () => {
    const connector = await createConnector(
      hub,
      feedConnectorInput(uniqueName('ggzy-fenced'), { url: 'http://127.0.0.1:9/deals' } as DealsFeed),
    );
    const logger = createLogger('silent');
    const take = (owner: string) => PullLease.take({ orm: hub.orm, connectorId: connector.id, owner, leaseMs: 60_000, logger });
    const row = async () =>
      (await hub.orm.em.fork().execute('select cursor, pull_lease_owner from connector where id = ?', [connector.id]))[0] as {
        cursor: string | null;
        pull_lease_owner: string | null;
      };

    const first = (await take('process-a:1'))!;
    expect(first.cursor).toBeNull();
    expect(await take('process-b:1')).toBeNull();
    await first.saveCursor('page-1');

    // The first holder stalls past its lease (a long GC pause, a lost network); another process takes over.
    await hub.orm.em.fork().execute(`update connector set pull_lease_until = now() - interval '1 second' where id = ?`, [connector.id]);
    const second = (await take('process-b:1'))!;
    expect(second.cursor).toBe('page-1');
    await expect(first.saveCursor('stale-page-2')).rejects.toBeInstanceOf(PullLeaseLost);
    expect(first.signal.aborted).toBe(true);
    await second.saveCursor('page-2');
    await first.release(0);
    expect(await row()).toEqual({ cursor: 'page-2', pull_lease_owner: 'process-b:1' });

    // Released with the next pass due in an hour: nobody may start one before.
    await second.release(3_600_000);
    expect(await row()).toEqual({ cursor: 'page-2', pull_lease_owner: null });
    expect(await take('process-a:2')).toBeNull();
    await hub.orm.em.fork().execute(`update connector set pull_lease_until = now() where id = ?`, [connector.id]);
    const third = (await take('process-a:2'))!;
    expect(third.cursor).toBe('page-2');
    await third.release(0);

    // A disabled connector is not pulled.
    await hub.orm.em.fork().execute('update connector set enabled = false where id = ?', [connector.id]);
    expect(await take('process-a:3')).toBeNull();
  });
});
