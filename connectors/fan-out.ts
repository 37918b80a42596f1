import type { EntityManager } from '@mikro-orm/sql';
import { enabledOutboundConnectors, eventsWithoutDelivery, insertDeliveries } from './fan-out-store.js';

const FAN_OUT_BATCH = 1_000;
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
  const connectors = await enabledOutboundConnectors(em);
  let created = 0;
  const current = new Set<string>();
  for (const connector of connectors) {
    const types = Array.isArray(connector.event_types) ? connector.event_types : [];
    if (types.length === 0) continue;
    // A changed connector (new event types) starts over with a full scan.
    const stateKey = `${connector.id}@${new Date(connector.updated_at).getTime()}`;
    current.add(stateKey);
    const highWater = fullScan ? undefined : state.highWater.get(stateKey);
    const rows = await eventsWithoutDelivery(
      em,
      { id: connector.id, departmentId: connector.department_id, deliverFrom: new Date(connector.deliver_from) },
      types.map(eventTypePattern),
      highWater,
      FAN_OUT_BATCH,
    );
    if (rows.length === 0) {
      if (!highWater) state.highWater.set(stateKey, '0');
      continue;
    }
    created += await insertDeliveries(em, connector.id, rows);
    const top = rows.reduce((max, row) => (BigInt(row.sequence) > BigInt(max) ? String(row.sequence) : max), highWater ?? '0');
    // A full batch may have left older events behind: scan from the start again next time.
    if (rows.length < FAN_OUT_BATCH) state.highWater.set(stateKey, top);
    else state.highWater.delete(stateKey);
  }
  for (const key of state.highWater.keys()) if (!current.has(key)) state.highWater.delete(key);
  return created;
}
