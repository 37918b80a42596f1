import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/sql';
import { Connector } from '../../entities/connector.js';
import { Delivery } from '../../entities/delivery.js';
import { conflict, notFound } from '../errors.js';
import { requeueReceipt } from '../registration/receipt-transitions.js';
import { DeliveryStatus } from '../../entities/delivery-status.js';
import { isUuid } from './uuid.js';

/**
 * Puts deliveries back in the queue with a fresh attempt budget; their history is kept. The
 * event keeps its id, so a receiver that did get it before drops the resend. Receipts that were
 * FAILED go back to PENDING.
 */
async function requeue(tx: EntityManager, where: string, params: unknown[]): Promise<number> {
  const rows = (await tx.execute(
    `update delivery d
        set status = '${DeliveryStatus.PENDING}', attempts = 0, next_attempt_at = now(), lease_expires_at = null, failing_since = null,
            claim_token = null, updated_at = now()
       from outbox_event e
      where e.id = d.event_id and ${where}
      returning d.id, e.department_id, e.payload->>'registrationId' as registration_id`,
    params,
  )) as Array<{ id: string; department_id: string; registration_id: string | null }>;
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
    await requeue(tx, 'd.id = ?', [id]);
    await tx.refresh(delivery);
    return delivery;
  });
}

/** Sends every dead letter of a connector again; returns how many. */
export async function replayDeadLetters(em: EntityManager, connectorId: string): Promise<number> {
  return em.transactional(async (tx) => {
    if (!isUuid(connectorId) || !(await tx.count(Connector, { id: connectorId }))) throw notFound('connectorId', `no connector ${connectorId}`);
    return requeue(tx, `d.connector_id = ? and d.status = '${DeliveryStatus.DEAD}'`, [connectorId]);
  });
}
