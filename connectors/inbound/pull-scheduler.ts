import type { MikroORM } from '@mikro-orm/sql';
import type { SqlPullConfig } from '../../domain/connectors/connector-config.js';
import { ConnectorKind } from '../../domain/connectors/connector-kind.js';
import { Connector } from '../../entities/connector.js';
import type { SharingPolicySnapshot } from '../../domain/sharing/sharing-policy-snapshot.js';
import type { Logger } from '../../server/logger.js';
import type { HubPubSub } from '../../server/pubsub.js';
import type { ConnectorMetrics } from '../metrics.js';
import { openSqlPeer, type SqlPeer } from '../sql-peer.js';
import { receiveRecord } from './receive-record.js';
import { pullRestPages, type PullPage } from './rest-pull.js';
import { pullSqlPages } from './sql-pull.js';
import { backgroundEm, run } from '../background.js';

const DEFAULT_INTERVAL_MS = 5_000;

/**
 * Polls the REST-pull and SQL-pull connectors, each on its own interval and never two passes of
 * one connector at once in this process. Records go through the same path as pushed ones, so
 * they are idempotent by source id: a second hub process polling the same feed, or a pass
 * repeated after a crash before its cursor was saved, only produces duplicates that are ignored.
 */
export function startPullScheduler(input: {
  orm: MikroORM;
  logger: Logger;
  metrics: ConnectorMetrics;
  tickMs: number;
  sharing?: { readonly current: SharingPolicySnapshot };
  pubSub?: HubPubSub;
}) {
  const { orm, logger, metrics, sharing, pubSub } = input;
  const running = new Map<string, Promise<void>>();
  const lastRun = new Map<string, number>();
  const peers = new Map<string, { version: number; peer: SqlPeer }>();
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
    const em = backgroundEm(orm);
    try {
      const pages: AsyncGenerator<PullPage> = connector.kind === ConnectorKind.REST_PULL ? pullRestPages(connector) : pullSqlPages(connector, sqlPeerFor(connector));
      for await (const page of pages) {
        for (const record of page.records) await receiveRecord(em, connector, record, { logger, metrics, sharing, pubSub });
        await run(em, `update connector set cursor = ?, last_success_at = now() where id = ?`, [page.cursor, connector.id], 'run');
        if (stopping) break;
      }
      await run(em, `update connector set last_success_at = now() where id = ?`, [connector.id], 'run');
    } catch (error) {
      const message = (error as Error).message ?? String(error);
      logger.warn({ connector: connector.name, err: error }, 'pull pass failed');
      await run(em, `update connector set last_failure_at = now(), last_error = ? where id = ?`, [message, connector.id], 'run').catch(() => {});
    }
  }

  async function tick(): Promise<void> {
    const connectors = await backgroundEm(orm).find(
      Connector,
      { kind: { $in: [ConnectorKind.REST_PULL, ConnectorKind.SQL_PULL] }, enabled: true },
      { populate: ['department'] },
    );
    const now = Date.now();
    for (const connector of connectors) {
      const interval = (connector.config.intervalMs as number | undefined) ?? DEFAULT_INTERVAL_MS;
      if (running.has(connector.id) || now - (lastRun.get(connector.id) ?? 0) < interval) continue;
      lastRun.set(connector.id, now);
      running.set(connector.id, pass(connector).finally(() => running.delete(connector.id)));
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
