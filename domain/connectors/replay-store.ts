import type { EntityManager } from '@mikro-orm/sql';
import { Delivery } from '../../entities/delivery.js';
import { OutboxEvent } from '../../entities/outbox-event.js';
import { selectRows, tablesOf } from '../sql-statements.js';
import { DeliveryStatus } from '../../entities/delivery-status.js';

/**
 * Putting deliveries back in the queue (replay.ts): PENDING and due now, with a fresh attempt
 * budget, lease and claim cleared; their history is kept. Each returns the deliveries requeued
 * with the department and registration (when the event carries one) of their event.
 */
export interface RequeuedDeliveryRow {
  id: string;
  department_id: string;
  registration_id: string | null;
}

/** One delivery, whatever its state. */
export function requeueDelivery(tx: EntityManager, deliveryId: string): Promise<RequeuedDeliveryRow[]> {
  return requeue(tx, 'd.id = ?', [deliveryId]);
}

/** Every dead letter of a connector. */
export function requeueDeadLetters(tx: EntityManager, connectorId: string): Promise<RequeuedDeliveryRow[]> {
  return requeue(tx, `d.connector_id = ? and d.status = '${DeliveryStatus.DEAD}'`, [connectorId]);
}

function requeue(tx: EntityManager, where: string, params: unknown[]): Promise<RequeuedDeliveryRow[]> {
  const t = tablesOf(tx, { delivery: Delivery, event: OutboxEvent });
  return selectRows<RequeuedDeliveryRow>(
    tx,
    `update ${t.delivery} d
        set status = '${DeliveryStatus.PENDING}', attempts = 0, next_attempt_at = now(), lease_expires_at = null, failing_since = null,
            claim_token = null, updated_at = now()
       from ${t.event} e
      where e.id = d.event_id and ${where}
      returning d.id, e.department_id, e.payload->>'registrationId' as registration_id`,
    params,
  );
}
