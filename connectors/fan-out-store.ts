import type { EntityManager } from '@mikro-orm/sql';
import { uuidv7 } from '../support/uuid-v7.js';
import { Connector } from '../entities/connector.js';
import { Delivery } from '../entities/delivery.js';
import { OutboxEvent } from '../entities/outbox-event.js';
import { ConnectorDirection } from '../entities/connector-kind.js';
import { runStatement, selectRows, tableOf, tablesOf } from '../domain/sql-statements.js';

/** The statements of fan-out (fan-out.ts): which connectors receive, which events they lack, the deliveries written. */

/** How late an outbox event may become visible after its sequence was handed out (its transaction's length). */
const LATE_COMMIT_WINDOW = `interval '10 minutes'`;

export interface OutboundConnectorRow {
  id: string;
  department_id: string;
  event_types: string[];
  deliver_from: Date;
  updated_at: Date;
}

export interface UndeliveredEventRow {
  id: string;
  event_type: string;
  aggregate_type: string;
  aggregate_key: string;
  sequence: string;
}

/** The enabled outbound connectors, each with the instant it receives events from. */
export function enabledOutboundConnectors(em: EntityManager): Promise<OutboundConnectorRow[]> {
  return selectRows<OutboundConnectorRow>(
    em,
    `select id, department_id, event_types, coalesce(deliver_from, created_at) as deliver_from, updated_at from ${tableOf(em, Connector)} where direction = ? and enabled`,
    [ConnectorDirection.OUT],
  );
}

/**
 * Up to `limit` events of the connector's department, of its types (LIKE patterns), from
 * `deliverFrom` on, that have no delivery to it yet, in sequence order. With `after`, only those
 * past that sequence or created within the late-commit window.
 */
export function eventsWithoutDelivery(
  em: EntityManager,
  connector: { id: string; departmentId: string; deliverFrom: Date },
  typePatterns: readonly string[],
  after: string | undefined,
  limit: number,
): Promise<UndeliveredEventRow[]> {
  const t = tablesOf(em, { event: OutboxEvent, delivery: Delivery });
  return selectRows<UndeliveredEventRow>(
    em,
    `select e.id, e.event_type, e.aggregate_type, e.aggregate_key, e.sequence
         from ${t.event} e
        where e.department_id = ? and e.created_at >= ?
          and (${typePatterns.map(() => 'e.event_type like ?').join(' or ')})
          ${after ? `and (e.sequence > ? or e.created_at > now() - ${LATE_COMMIT_WINDOW})` : ''}
          and not exists (select 1 from ${t.delivery} d where d.event_id = e.id and d.connector_id = ?)
        order by e.sequence
        limit ${limit}`,
    [connector.departmentId, connector.deliverFrom.toISOString(), ...typePatterns, ...(after ? [after] : []), connector.id],
  );
}

/** One PENDING delivery per event to the connector, due now; an (event, connector) pair already there is skipped. Returns how many were written. */
export function insertDeliveries(em: EntityManager, connectorId: string, events: readonly UndeliveredEventRow[]): Promise<number> {
  const values: unknown[] = [];
  for (const event of events)
    values.push(uuidv7(), event.id, connectorId, event.event_type, event.aggregate_type, event.aggregate_key, String(event.sequence));
  return runStatement(
    em,
    `insert into ${tableOf(em, Delivery)} (id, event_id, connector_id, event_type, aggregate_type, aggregate_key, event_sequence, status, attempts, next_attempt_at, created_at, updated_at)
       values ${events.map(() => `(?, ?, ?, ?, ?, ?, ?, 'PENDING', 0, now(), now(), now())`).join(', ')}
       on conflict (event_id, connector_id) do nothing`,
    values,
  );
}
