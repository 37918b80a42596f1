import type { EntityManager } from '@mikro-orm/sql';
import type { Department } from '../../entities/department.js';
import { OutboxEvent } from '../../entities/outbox-event.js';

export interface NewOutboxEvent {
  eventType: string;
  aggregateType: string;
  aggregateKey: string;
  payload: Record<string, unknown>;
  payloadVersion?: number;
}

/**
 * Queues one event per receiving department inside the caller's transaction (`em` must be the
 * transaction's EntityManager): the events commit, or vanish, with the write that caused them.
 */
export function recordOutboxEvents(em: EntityManager, event: NewOutboxEvent, departments: readonly Department[]): OutboxEvent[] {
  return departments.map((department) => em.create(OutboxEvent, outboxEventData(event, department)));
}

/** The events, one per receiving department, not yet written: the caller writes them with its other rows. */
export function newOutboxEvents(event: NewOutboxEvent, departments: readonly Department[]): OutboxEvent[] {
  return departments.map((department) => Object.assign(new OutboxEvent(), outboxEventData(event, department)));
}

const outboxEventData = (event: NewOutboxEvent, department: Department) => ({
  eventType: event.eventType,
  aggregateType: event.aggregateType,
  aggregateKey: event.aggregateKey,
  department,
  payload: event.payload,
  payloadVersion: event.payloadVersion ?? 1,
});
