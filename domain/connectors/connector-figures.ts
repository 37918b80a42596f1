import type { EntityManager } from '@mikro-orm/sql';
import { CircuitState } from '../../entities/circuit-state.js';
import { ConnectorDirection } from '../../entities/connector-kind.js';
import { DeliveryStatus } from '../../entities/delivery-status.js';

/**
 * Where an outbound connector stands, read from live state in one query: its deliveries as they
 * are now (not the last thing a worker wrote on the connector) and its circuit. The GraphQL
 * `connectorHealth` and the Prometheus gauges both read this, so they cannot disagree.
 */
export interface ConnectorFigures {
  connectorId: string;
  name: string;
  enabled: boolean;
  /** Not yet delivered and not dead: PENDING plus IN_FLIGHT. */
  backlog: number;
  /** Attempts running under a live lease. */
  inFlight: number;
  /** IN_FLIGHT under a lease that ran out: their worker died; the next claim takes them over. */
  stalled: number;
  /** Waiting for a retry after failing (the department's system failed them). */
  retrying: number;
  dead: number;
  delivered: number;
  oldestWaitingAt: Date | null;
  circuitState: CircuitState;
  circuitOpenedAt: Date | null;
  circuitProbeAt: Date | null;
  consecutiveFailures: number;
}

interface FiguresRow {
  id: string;
  name: string;
  enabled: boolean;
  backlog: string | null;
  in_flight: string | null;
  stalled: string | null;
  retrying: string | null;
  dead: string | null;
  delivered: string | null;
  oldest: Date | string | null;
  circuit_state: CircuitState;
  circuit_opened_at: Date | string | null;
  circuit_probe_at: Date | string | null;
  consecutive_failures: number;
}

const date = (value: Date | string | null) => (value == null ? null : new Date(value));

/** The figures of the given connectors (in that order), or of every outbound connector. */
export async function connectorFigures(em: EntityManager, connectorIds?: readonly string[], loggerContext?: Record<string, unknown>): Promise<ConnectorFigures[]> {
  if (connectorIds && connectorIds.length === 0) return [];
  const rows = (await em.execute(
    `select c.id, c.name, c.enabled, c.circuit_state, c.circuit_opened_at, c.circuit_probe_at, c.consecutive_failures,
            f.backlog, f.in_flight, f.stalled, f.retrying, f.dead, f.delivered, f.oldest
       from connector c
       left join (
         select connector_id,
                count(*) filter (where status in ('${DeliveryStatus.PENDING}', '${DeliveryStatus.IN_FLIGHT}')) as backlog,
                count(*) filter (where status = '${DeliveryStatus.IN_FLIGHT}' and lease_expires_at >= now()) as in_flight,
                count(*) filter (where status = '${DeliveryStatus.IN_FLIGHT}' and lease_expires_at < now()) as stalled,
                count(*) filter (where status = '${DeliveryStatus.PENDING}' and failing_since is not null) as retrying,
                count(*) filter (where status = '${DeliveryStatus.DEAD}') as dead,
                count(*) filter (where status = '${DeliveryStatus.DELIVERED}') as delivered,
                min(created_at) filter (where status in ('${DeliveryStatus.PENDING}', '${DeliveryStatus.IN_FLIGHT}')) as oldest
           from delivery
          ${connectorIds ? `where connector_id in (${connectorIds.map(() => '?').join(', ')})` : ''}
          group by connector_id
       ) f on f.connector_id = c.id
      where ${connectorIds ? `c.id in (${connectorIds.map(() => '?').join(', ')})` : `c.direction = '${ConnectorDirection.OUT}'`}
      order by c.name`,
    connectorIds ? [...connectorIds, ...connectorIds] : [],
    'all',
    loggerContext,
  )) as FiguresRow[];
  const figures = rows.map(
    (row): ConnectorFigures => ({
      connectorId: row.id,
      name: row.name,
      enabled: row.enabled,
      backlog: Number(row.backlog ?? 0),
      inFlight: Number(row.in_flight ?? 0),
      stalled: Number(row.stalled ?? 0),
      retrying: Number(row.retrying ?? 0),
      dead: Number(row.dead ?? 0),
      delivered: Number(row.delivered ?? 0),
      oldestWaitingAt: date(row.oldest),
      circuitState: row.circuit_state,
      circuitOpenedAt: date(row.circuit_opened_at),
      circuitProbeAt: date(row.circuit_probe_at),
      consecutiveFailures: Number(row.consecutive_failures ?? 0),
    }),
  );
  if (!connectorIds) return figures;
  const byId = new Map(figures.map((row) => [row.connectorId, row]));
  return connectorIds.map((id) => byId.get(id)!);
}

/** Healthy: enabled, circuit closed, nothing failing, stalled or dead-lettered. */
export function isHealthy(figures: ConnectorFigures): boolean {
  return figures.enabled && figures.circuitState === CircuitState.CLOSED && figures.dead === 0 && figures.retrying === 0 && figures.stalled === 0;
}
