import type { EntityManager } from '@mikro-orm/sql';
import { Connector } from '../../entities/connector.js';
import { Delivery } from '../../entities/delivery.js';
import { selectRows, tablesOf } from '../sql-statements.js';
import type { CircuitState } from '../../entities/circuit-state.js';
import { ConnectorDirection } from '../../entities/connector-kind.js';
import { DeliveryStatus } from '../../entities/delivery-status.js';

/** The one statement behind connector figures (connector-figures.ts): deliveries counted by state, beside each connector's circuit. */

export interface FiguresRow {
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

/**
 * The rows of the given connectors, or of every outbound connector, in name order. The metrics
 * scrape passes a quiet `loggerContext`; by default the EntityManager's own applies.
 */
export function connectorFigureRows(
  em: EntityManager,
  connectorIds: readonly string[] | undefined,
  loggerContext?: Record<string, unknown>,
): Promise<FiguresRow[]> {
  const t = tablesOf(em, { connector: Connector, delivery: Delivery });
  return selectRows<FiguresRow>(
    em,
    `select c.id, c.name, c.enabled, c.circuit_state, c.circuit_opened_at, c.circuit_probe_at, c.consecutive_failures,
            f.backlog, f.in_flight, f.stalled, f.retrying, f.dead, f.delivered, f.oldest
       from ${t.connector} c
       left join (
         select connector_id,
                count(*) filter (where status in ('${DeliveryStatus.PENDING}', '${DeliveryStatus.IN_FLIGHT}')) as backlog,
                count(*) filter (where status = '${DeliveryStatus.IN_FLIGHT}' and lease_expires_at >= now()) as in_flight,
                count(*) filter (where status = '${DeliveryStatus.IN_FLIGHT}' and lease_expires_at < now()) as stalled,
                count(*) filter (where status = '${DeliveryStatus.PENDING}' and failing_since is not null) as retrying,
                count(*) filter (where status = '${DeliveryStatus.DEAD}') as dead,
                count(*) filter (where status = '${DeliveryStatus.DELIVERED}') as delivered,
                min(created_at) filter (where status in ('${DeliveryStatus.PENDING}', '${DeliveryStatus.IN_FLIGHT}')) as oldest
           from ${t.delivery}
          ${connectorIds ? `where connector_id in (${connectorIds.map(() => '?').join(', ')})` : ''}
          group by connector_id
       ) f on f.connector_id = c.id
      where ${connectorIds ? `c.id in (${connectorIds.map(() => '?').join(', ')})` : `c.direction = '${ConnectorDirection.OUT}'`}
      order by c.name`,
    connectorIds ? [...connectorIds, ...connectorIds] : [],
    loggerContext,
  );
}
