import type { EntityManager } from '@mikro-orm/sql';
import { v7 as uuidv7 } from 'uuid';
import { ConnectorDirection } from '../entities/connector-kind.js';
import { run } from './background.js';

const FAN_OUT_BATCH = 1_000;
/** How late an outbox event may become visible after its sequence was handed out (its transaction's length). */
const LATE_COMMIT_WINDOW = `interval '10 minutes'`;
const FULL_SCAN_EVERY_MS = 10 * 60_000;

/**
 * What a process remembers between fan-out passes, to look only at new events: the highest
 * sequence fanned out per connector, plus a window for events whose transaction committed late.
 * A full scan on start and every ten minutes catches anything beyond the window.
 */
export class FanOutState {
  readonly highWater = new Map<string, string>();
  lastFullScanAt = 0;
}

interface OutboundConnectorRow {
  id: string;
  department_id: string;
  event_types: string[];
  deliver_from: Date;
  updated_at: Date;
}

/** `enterprise.*` → `enterprise.%`; other LIKE metacharacters are taken literally. */
export function eventTypePattern(eventType: string): string {
  const escaped = eventType.replace(/[\\%_]/g, (character) => `\\${character}`);
  return escaped.endsWith('.*') ? `${escaped.slice(0, -1)}%` : escaped;
}

/**
 * Turns outbox events into deliveries: one per event and enabled outbound connector of the
 * receiving department that carries its type, recorded from the connector's `deliver_from` on
 * (its creation, or the earlier instant the admin asked for). Idempotent (the (event,
 * connector) pair is unique), so every worker may run it at any time. The anti-join, not a
 * cursor, decides what is missing: sequences are handed out at insert but become visible at
 * commit, so a cursor alone could step over an event whose transaction commits late. The
 * high-water mark in `state` only narrows the scan, with a window for such late commits.
 */
export async function fanOutEvents(em: EntityManager, state: FanOutState = new FanOutState()): Promise<number> {
  const fullScan = Date.now() - state.lastFullScanAt >= FULL_SCAN_EVERY_MS;
  if (fullScan) state.lastFullScanAt = Date.now();
  const connectors = (await run(em, 
    `select id, department_id, event_types, coalesce(deliver_from, created_at) as deliver_from, updated_at from connector where direction = ? and enabled`,
    [ConnectorDirection.OUT],
  )) as OutboundConnectorRow[];
  let created = 0;
  const current = new Set<string>();
  for (const connector of connectors) {
    const types = Array.isArray(connector.event_types) ? connector.event_types : [];
    if (types.length === 0) continue;
    // A changed connector (new event types) starts over with a full scan.
    const stateKey = `${connector.id}@${new Date(connector.updated_at).getTime()}`;
    current.add(stateKey);
    const highWater = fullScan ? undefined : state.highWater.get(stateKey);
    const rows = (await run(em, 
      `select e.id, e.event_type, e.aggregate_type, e.aggregate_key, e.sequence
         from outbox_event e
        where e.department_id = ? and e.created_at >= ?
          and (${types.map(() => 'e.event_type like ?').join(' or ')})
          ${highWater ? `and (e.sequence > ? or e.created_at > now() - ${LATE_COMMIT_WINDOW})` : ''}
          and not exists (select 1 from delivery d where d.event_id = e.id and d.connector_id = ?)
        order by e.sequence
        limit ${FAN_OUT_BATCH}`,
      [connector.department_id, new Date(connector.deliver_from).toISOString(), ...types.map(eventTypePattern), ...(highWater ? [highWater] : []), connector.id],
    )) as Array<{ id: string; event_type: string; aggregate_type: string; aggregate_key: string; sequence: string }>;
    if (rows.length === 0) {
      if (!highWater) state.highWater.set(stateKey, '0');
      continue;
    }
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
    const top = rows.reduce((max, row) => (BigInt(row.sequence) > BigInt(max) ? String(row.sequence) : max), highWater ?? '0');
    // A full batch may have left older events behind: scan from the start again next time.
    if (rows.length < FAN_OUT_BATCH) state.highWater.set(stateKey, top);
    else state.highWater.delete(stateKey);
  }
  for (const key of state.highWater.keys()) if (!current.has(key)) state.highWater.delete(key);
  return created;
}
