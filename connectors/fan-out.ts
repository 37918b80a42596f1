import type { EntityManager } from '@mikro-orm/sql';
import { v7 as uuidv7 } from 'uuid';
import { ConnectorDirection } from '../domain/connectors/connector-kind.js';
import { run } from './background.js';

const FAN_OUT_BATCH = 1_000;

interface OutboundConnectorRow {
  id: string;
  department_id: string;
  event_types: string[];
  created_at: Date;
}

/** `enterprise.*` → `enterprise.%`; other LIKE metacharacters are taken literally. */
export function eventTypePattern(eventType: string): string {
  const escaped = eventType.replace(/[\\%_]/g, (character) => `\\${character}`);
  return escaped.endsWith('.*') ? `${escaped.slice(0, -1)}%` : escaped;
}

/**
 * Turns outbox events into deliveries: one per event and enabled outbound connector of the
 * receiving department that carries its type, from the connector's creation on. Idempotent (the
 * (event, connector) pair is unique), so every worker may run it at any time. No high-water mark
 * is kept: sequences are handed out at insert but become visible at commit, so a cursor could
 * step over an event whose transaction commits late; the anti-join cannot.
 */
export async function fanOutEvents(em: EntityManager): Promise<number> {
  const connectors = (await run(em, 
    `select id, department_id, event_types, created_at from connector where direction = ? and enabled`,
    [ConnectorDirection.OUT],
  )) as OutboundConnectorRow[];
  let created = 0;
  for (const connector of connectors) {
    const types = Array.isArray(connector.event_types) ? connector.event_types : [];
    if (types.length === 0) continue;
    const rows = (await run(em, 
      `select e.id, e.event_type, e.aggregate_type, e.aggregate_key, e.sequence
         from outbox_event e
        where e.department_id = ? and e.created_at >= ?
          and (${types.map(() => 'e.event_type like ?').join(' or ')})
          and not exists (select 1 from delivery d where d.event_id = e.id and d.connector_id = ?)
        order by e.sequence
        limit ${FAN_OUT_BATCH}`,
      [connector.department_id, new Date(connector.created_at).toISOString(), ...types.map(eventTypePattern), connector.id],
    )) as Array<{ id: string; event_type: string; aggregate_type: string; aggregate_key: string; sequence: string }>;
    if (rows.length === 0) continue;
    const values: unknown[] = [];
    for (const row of rows) values.push(uuidv7(), row.id, connector.id, row.event_type, row.aggregate_type, row.aggregate_key, String(row.sequence));
    const result = await run(em, 
      `insert into delivery (id, event_id, connector_id, event_type, aggregate_type, aggregate_key, event_sequence, status, attempts, next_attempt_at, created_at, updated_at)
       values ${rows.map(() => `(?, ?, ?, ?, ?, ?, ?, 'PENDING', 0, now(), now(), now())`).join(', ')}
       on conflict (event_id, connector_id) do nothing`,
      values,
      'run',
    );
    created += Number((result as { affectedRows?: number }).affectedRows ?? rows.length);
  }
  return created;
}
