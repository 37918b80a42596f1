import type { MikroORM } from '@mikro-orm/sql';
import { Counter, Gauge, type Registry } from 'prom-client';
import { backgroundEm, run } from './background.js';
import { DeliveryStatus } from '../domain/connectors/connector-kind.js';

/**
 * Per-connector delivery figures on the hub's registry. Throughput is counted as attempts
 * finish; lag and backlog are read from the database at scrape time, so they are right however
 * many hub processes share the work.
 */
export function createConnectorMetrics(registry: Registry, orm: MikroORM) {
  const attempts = new Counter({
    name: 'hub_connector_delivery_attempts_total',
    help: 'Delivery attempts finished by this process, by connector and outcome (delivered, retry, dead, lost_claim).',
    labelNames: ['connector', 'outcome'] as const,
    registers: [registry],
  });
  const inbound = new Counter({
    name: 'hub_connector_inbound_records_total',
    help: 'Records received from department systems, by connector and outcome (applied, rejected, duplicate).',
    labelNames: ['connector', 'outcome'] as const,
    registers: [registry],
  });

  let snapshot: Promise<Array<{ name: string; pending: string; dead: string; oldest: Date | null }>> | undefined;
  // One query per scrape feeds all three gauges.
  const readSnapshot = () =>
    (snapshot ??= (run(backgroundEm(orm), 
      `select c.name,
              count(*) filter (where d.status in ('${DeliveryStatus.PENDING}', '${DeliveryStatus.IN_FLIGHT}')) as pending,
              count(*) filter (where d.status = '${DeliveryStatus.DEAD}') as dead,
              min(d.created_at) filter (where d.status in ('${DeliveryStatus.PENDING}', '${DeliveryStatus.IN_FLIGHT}')) as oldest
         from connector c left join delivery d on d.connector_id = c.id
        where c.direction = 'OUT'
        group by c.name`,
    ) as Promise<Array<{ name: string; pending: string; dead: string; oldest: Date | null }>>).finally(() => {
      setTimeout(() => (snapshot = undefined), 0);
    }));

  new Gauge({
    name: 'hub_connector_lag_seconds',
    help: 'Age of the oldest event not yet delivered to the connector (0 when none waits).',
    labelNames: ['connector'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const now = Date.now();
      for (const row of await readSnapshot()) this.set({ connector: row.name }, row.oldest ? Math.max(0, (now - new Date(row.oldest).getTime()) / 1000) : 0);
    },
  });
  new Gauge({
    name: 'hub_connector_backlog',
    help: 'Events waiting for (or in) delivery to the connector.',
    labelNames: ['connector'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const row of await readSnapshot()) this.set({ connector: row.name }, Number(row.pending));
    },
  });
  new Gauge({
    name: 'hub_connector_dead_letters',
    help: 'Dead-lettered deliveries of the connector, waiting for a replay.',
    labelNames: ['connector'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const row of await readSnapshot()) this.set({ connector: row.name }, Number(row.dead));
    },
  });
  return { attempts, inbound };
}

export type ConnectorMetrics = ReturnType<typeof createConnectorMetrics>;
