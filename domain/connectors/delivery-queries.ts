import type { FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/sql';
import { Delivery } from '../../entities/delivery.js';
import { findPage, type Page, type PageRequest } from '../pagination.js';
import { badUserInput } from '../errors.js';
import { DeliveryStatus } from '../../entities/delivery-status.js';
import { isUuid } from './uuid.js';

export interface DeliveryFilter {
  connectorId?: string | null;
  status?: DeliveryStatus | null;
  eventId?: string | null;
  aggregateKey?: string | null;
  /** Code of the receiving department. */
  departmentCode?: string | null;
}

/** Deliveries, newest first; a SYSTEM caller passes its own department code and sees only those. */
export function findDeliveries(em: EntityManager, filter: DeliveryFilter, page: PageRequest): Promise<Page<Delivery>> {
  const where: FilterQuery<Delivery> = {};
  // A malformed id matches nothing rather than failing as SQL.
  for (const [field, value] of [
    ['connectorId', filter.connectorId],
    ['eventId', filter.eventId],
  ] as const) {
    if (value && !isUuid(value)) throw badUserInput(`filter.${field}`, 'is not an id');
  }
  if (filter.connectorId) where.connector = filter.connectorId;
  if (filter.status) where.status = filter.status;
  if (filter.eventId) where.event = filter.eventId;
  if (filter.aggregateKey) where.aggregateKey = filter.aggregateKey;
  if (filter.departmentCode)
    where.connector = { ...(filter.connectorId ? { id: filter.connectorId } : {}), department: { code: filter.departmentCode } };
  // By id alone: ids are UUIDv7 (time-ordered), while created_at is set by the database with microseconds a cursor would round.
  return findPage(em, Delivery, where, { id: 'desc' }, page);
}
