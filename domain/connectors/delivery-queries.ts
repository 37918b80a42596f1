import type { FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/sql';
import { Delivery } from '../../entities/delivery.js';
import { findPage, type Page, type PageRequest } from '../pagination.js';
import { badUserInput } from '../errors.js';
import { DeliveryStatus } from './connector-kind.js';
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
  for (const [field, value] of [['connectorId', filter.connectorId], ['eventId', filter.eventId]] as const) {
    if (value && !isUuid(value)) throw badUserInput(`filter.${field}`, 'is not an id');
  }
  if (filter.connectorId) where.connector = filter.connectorId;
  if (filter.status) where.status = filter.status;
  if (filter.eventId) where.event = filter.eventId;
  if (filter.aggregateKey) where.aggregateKey = filter.aggregateKey;
  if (filter.departmentCode) where.connector = { ...(filter.connectorId ? { id: filter.connectorId } : {}), department: { code: filter.departmentCode } };
  // By id alone: ids are UUIDv7 (time-ordered), while created_at is set by the database with microseconds a cursor would round.
  return findPage(em, Delivery, where, { id: 'desc' }, page);
}

export interface ConnectorHealthRow {
  connectorId: string;
  backlog: number;
  inFlight: number;
  dead: number;
  delivered: number;
  oldestWaitingAt: Date | null;
}

/** Backlog, dead letters and the oldest waiting event of each connector: one query for many. */
export async function connectorHealthRows(em: EntityManager, connectorIds: readonly string[]): Promise<ConnectorHealthRow[]> {
  if (connectorIds.length === 0) return [];
  const rows = (await em.execute(
    `select connector_id,
            count(*) filter (where status = '${DeliveryStatus.PENDING}') as backlog,
            count(*) filter (where status = '${DeliveryStatus.IN_FLIGHT}') as in_flight,
            count(*) filter (where status = '${DeliveryStatus.DEAD}') as dead,
            count(*) filter (where status = '${DeliveryStatus.DELIVERED}') as delivered,
            min(created_at) filter (where status in ('${DeliveryStatus.PENDING}', '${DeliveryStatus.IN_FLIGHT}')) as oldest
       from delivery where connector_id in (${connectorIds.map(() => '?').join(', ')})
      group by connector_id`,
    [...connectorIds],
  )) as Array<{ connector_id: string; backlog: string; in_flight: string; dead: string; delivered: string; oldest: Date | null }>;
  const byId = new Map(rows.map((row) => [row.connector_id, row]));
  return connectorIds.map((connectorId) => {
    const row = byId.get(connectorId);
    return {
      connectorId,
      backlog: Number(row?.backlog ?? 0),
      inFlight: Number(row?.in_flight ?? 0),
      dead: Number(row?.dead ?? 0),
      delivered: Number(row?.delivered ?? 0),
      oldestWaitingAt: row?.oldest ? new Date(row.oldest) : null,
    };
  });
}
