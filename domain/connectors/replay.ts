import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/sql';
import { Connector } from '../../entities/connector.js';
import { Delivery } from '../../entities/delivery.js';
import { conflict, notFound } from '../errors.js';
import { requeueReceipt } from '../registration/receipt-transitions.js';
import { DeliveryStatus } from '../../entities/delivery-status.js';
import { requeueDeadLetters, requeueDelivery, type RequeuedDeliveryRow } from './replay-store.js';
import { isUuid } from './uuid.js';

/**
 * After deliveries went back in the queue with a fresh attempt budget (replay-store.ts), their
 * receipts that were FAILED go back to PENDING. The event keeps its id, so a receiver that did
 * get it before drops the resend. Returns how many deliveries were requeued.
 */
async function requeueReceiptsOf(tx: EntityManager, rows: readonly RequeuedDeliveryRow[]): Promise<number> {
  for (const row of rows) {
    if (!isUuid(row.registration_id)) continue;
    await requeueReceipt(tx, row.registration_id, row.department_id);
  }
  return rows.length;
}

/** Sends one dead-lettered (or already delivered) event again. */
export async function replayDelivery(em: EntityManager, id: string): Promise<Delivery> {
  return em.transactional(async (tx) => {
    const delivery = isUuid(id) ? await tx.findOne(Delivery, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE }) : null;
    if (!delivery) throw notFound('id', `no delivery ${id}`);
    if (delivery.status === DeliveryStatus.PENDING || delivery.status === DeliveryStatus.IN_FLIGHT) {
      throw conflict('id', `delivery ${id} is ${delivery.status} already; only DEAD or DELIVERED ones are replayed`);
    }
    await requeueReceiptsOf(tx, await requeueDelivery(tx, id));
    await tx.refresh(delivery);
    return delivery;
  });
}

/** Sends every dead letter of a connector again; returns how many. */
export async function replayDeadLetters(em: EntityManager, connectorId: string): Promise<number> {
  return em.transactional(async (tx) => {
    if (!isUuid(connectorId) || !(await tx.count(Connector, { id: connectorId })))
      throw notFound('connectorId', `no connector ${connectorId}`);
    return requeueReceiptsOf(tx, await requeueDeadLetters(tx, connectorId));
  });
}
