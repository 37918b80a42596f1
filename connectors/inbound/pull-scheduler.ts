import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { MikroORM } from '@mikro-orm/sql';
import type { SqlPullConfig } from '../../domain/connectors/connector-config.js';
import { ConnectorKind } from '../../entities/connector-kind.js';
import { Connector } from '../../entities/connector.js';
import type { SharingPolicySnapshot } from '../../domain/sharing/sharing-policy-snapshot.js';
import type { Logger } from '../../support/logger.js';
import type { ConnectorMetrics } from '../metrics.js';
import { openSqlPeer, type SqlPeer } from '../sql-peer.js';
import { receiveRecord } from './receive-record.js';
import { pullRestPages, type PullPage } from './rest-pull.js';
import { pullSqlPages } from './sql-pull.js';
import { backgroundEm } from '../background.js';
import { recordInboundFailure } from './inbound-connector-store.js';
import { PullLease } from './pull-lease.js';

const DEFAULT_INTERVAL_MS = 5_000;

/**
 * Polls the REST-pull and SQL-pull connectors, each on its own interval. A pass runs under the
 * connector's lease (`PullLease`), so however many hub processes poll, one pass of a connector
 * runs at a time, resumes from the cursor the previous one saved, and the feed sees each page
 * asked for once. Records still go through the same path as pushed ones and are idempotent by
 * source id: a pass cut short by a crash before its cursor was saved is repeated harmlessly.
 */
export function startPullScheduler(input: {
  orm: MikroORM;
  logger: Logger;
  metrics: ConnectorMetrics;
  tickMs: number;
  /** How long a pass holds its connector without renewing; a dead process blocks it no longer. */
  leaseMs: number;
  sharing?: { readonly current: SharingPolicySnapshot };
}) {
  const { orm, logger, metrics, sharing } = input;
  const running = new Map<string, Promise<void>>();
  const peers = new Map<string, { version: number; peer: SqlPeer }>();
  // Names this scheduler in lease owners, for an operator looking at a held lease.
  const schedulerId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  let passes = 0;
  let stopping = false;

  function sqlPeerFor(connector: Connector): SqlPeer {
    const version = connector.updatedAt.getTime();
    const cached = peers.get(connector.id);
    if (cached?.version === version) return cached.peer;
    if (cached) void cached.peer.close().catch(() => {});
    const peer = openSqlPeer(connector.config as SqlPullConfig, connector.secrets.password);
    peers.set(connector.id, { version, peer });
    return peer;
  }

  async function pass(connector: Connector): Promise<void> {
    const lease = await PullLease.take({
      orm,
      connectorId: connector.id,
      owner: `${schedulerId}:${++passes}`,
      leaseMs: input.leaseMs,
      logger,
    });
    if (!lease) return;
    const em = backgroundEm(orm);
    try {
      const pages: AsyncGenerator<PullPage> =
        connector.kind === ConnectorKind.REST_PULL
          ? pullRestPages(connector, { cursor: lease.cursor, signal: lease.signal })
          : pullSqlPages(connector, sqlPeerFor(connector), lease.cursor);
      for await (const page of pages) {
        lease.signal.throwIfAborted();
        for (const record of page.records) await receiveRecord(em, connector, record, { logger, metrics, sharing });
        await lease.saveCursor(page.cursor);
        if (stopping) break;
      }
      await lease.succeeded();
    } catch (error) {
      if (lease.lost) {
        logger.warn({ connector: connector.name }, 'pull pass stopped: another process took its lease over');
      } else {
        const message = (error as Error).message ?? String(error);
        logger.warn({ connector: connector.name, err: error }, 'pull pass failed');
        await recordInboundFailure(em, connector.id, message).catch(() => {});
      }
    } finally {
      const interval = (connector.config.intervalMs as number | undefined) ?? DEFAULT_INTERVAL_MS;
      await lease
        .release(interval)
        .catch((error: unknown) =>
          logger.warn({ connector: connector.name, err: error }, 'releasing a pull lease failed; it runs out by itself'),
        );
    }
  }

  async function tick(): Promise<void> {
    // Only connectors whose next pass looks due; the lease decides, on the database's clock.
    const connectors = await backgroundEm(orm).find(
      Connector,
      {
        kind: { $in: [ConnectorKind.REST_PULL, ConnectorKind.SQL_PULL] },
        enabled: true,
        $or: [{ pullLeaseUntil: null }, { pullLeaseUntil: { $lte: new Date() } }],
      },
      { populate: ['department'] },
    );
    for (const connector of connectors) {
      if (stopping || running.has(connector.id)) continue;
      const passing = pass(connector)
        .catch((error: unknown) => logger.error({ connector: connector.name, err: error }, 'pull pass could not start'))
        .finally(() => running.delete(connector.id));
      running.set(connector.id, passing);
    }
  }

  const timer = setInterval(() => {
    if (!stopping) tick().catch((error: unknown) => logger.error({ err: error }, 'pull scheduler tick failed'));
  }, input.tickMs);

  return {
    async stop() {
      stopping = true;
      clearInterval(timer);
      await Promise.allSettled([...running.values()]);
      await Promise.allSettled([...peers.values()].map((entry) => entry.peer.close()));
    },
  };
}
