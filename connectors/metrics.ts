import type { MikroORM } from '@mikro-orm/sql';
import { Counter, Gauge, type Registry } from 'prom-client';
import { connectorFigures, type ConnectorFigures } from '../domain/connectors/connector-figures.js';
import { CircuitState } from '../entities/circuit-state.js';
import { backgroundEm } from './background.js';

/**
 * Per-connector delivery figures on the hub's registry. Throughput is counted as attempts
 * finish; lag, backlog and circuit are read from the database at scrape time, so they are right however
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

  let snapshot: Promise<ConnectorFigures[]> | undefined;
  // One query per scrape feeds every gauge: the same figures connectorHealth shows.
  const readSnapshot = () =>
    (snapshot ??= connectorFigures(backgroundEm(orm), undefined, { enabled: false }).finally(() => {
      setTimeout(() => (snapshot = undefined), 0);
    }));
  const gauge = (name: string, help: string, value: (row: ConnectorFigures, now: number) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['connector'] as const,
      registers: [registry],
      async collect() {
        this.reset();
        const now = Date.now();
        for (const row of await readSnapshot()) this.set({ connector: row.name }, value(row, now));
      },
    });

  gauge('hub_connector_lag_seconds', 'Age of the oldest event not yet delivered to the connector (0 when none waits).', (row, now) =>
    row.oldestWaitingAt ? Math.max(0, (now - row.oldestWaitingAt.getTime()) / 1000) : 0,
  );
  gauge(
    'hub_connector_backlog',
    'Events not yet delivered nor dead-lettered (PENDING and IN_FLIGHT), as connectorHealth.backlog.',
    (row) => row.backlog,
  );
  gauge('hub_connector_in_flight', 'Attempts running under a live lease.', (row) => row.inFlight);
  gauge('hub_connector_retrying', 'Deliveries waiting for a retry after the department system failed them.', (row) => row.retrying);
  gauge('hub_connector_dead_letters', 'Dead-lettered deliveries of the connector, waiting for a replay.', (row) => row.dead);
  gauge('hub_connector_circuit_open', '1 while the connector circuit is open (probing a failing department system), else 0.', (row) =>
    row.circuitState === CircuitState.OPEN ? 1 : 0,
  );
  return { attempts, inbound };
}

export type ConnectorMetrics = ReturnType<typeof createConnectorMetrics>;
