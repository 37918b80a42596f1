import { expect } from 'vitest';
import type { MikroORM } from '@mikro-orm/sql';
import { recordEvents } from '../connector-fixtures.js';
import type { DepartmentPeer } from '../department-peer.js';

export interface RecordedEvent {
  id: string;
  key: string;
  /** When it was written to the outbox (Date.now()). */
  recordedAt: number;
}

/** `count` events over `keys` records (round-robin), each written in its own transaction like a domain write. */
export async function recordSpread(
  orm: MikroORM,
  departmentCode: string,
  prefix: string,
  count: number,
  keys: number,
): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for (let index = 0; index < count; index += 1) {
    const key = `${prefix}-${index % keys}`;
    const recordedAt = Date.now();
    const [id] = await recordEvents(orm, departmentCode, [
      { type: index < keys ? 'enterprise.registered' : 'enterprise.changed', key, payload: { index } },
    ]);
    events.push({ id, key, recordedAt });
  }
  return events;
}

/**
 * The two promises of the outbox, whatever went wrong on the way: nothing lost (every event was
 * taken in by the department, nothing else was) and per record the department first saw the
 * events in the order they were recorded (a resend may repeat one, never reorder).
 */
export function expectNothingLostAndInOrder(peer: DepartmentPeer, events: readonly RecordedEvent[]): void {
  const accepted = peer.accepted;
  expect(new Set(accepted.map((request) => request.eventId))).toEqual(new Set(events.map((event) => event.id)));
  const keys = [...new Set(events.map((event) => event.key))];
  for (const key of keys) {
    const seen = accepted.filter((request) => request.body.aggregateKey === key).map((request) => request.eventId);
    const firstSeen = seen.filter((id, index) => seen.indexOf(id) === index);
    expect(firstSeen, `order of ${key}`).toEqual(events.filter((event) => event.key === key).map((event) => event.id));
  }
}

/** Median of the delays between an event's recording and its first arrival at the peer, in ms. */
export function medianLatencyMs(peer: DepartmentPeer, events: readonly RecordedEvent[]): number {
  const delays = events
    .map((event) => {
      const arrival = peer.accepted.find((request) => request.eventId === event.id);
      return arrival ? arrival.receivedAt - event.recordedAt : Number.POSITIVE_INFINITY;
    })
    .sort((a, b) => a - b);
  return delays[Math.floor(delays.length / 2)];
}
