import type { EntityManager } from '@mikro-orm/sql';
import { DeliveryStatus } from '../entities/delivery-status.js';
import { ReceiptStatus } from '../entities/registration-kind.js';
import { run } from './background.js';

const UUID_TEXT = `'^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'`;

/**
 * While a connector's circuit is open its waiting registrations are not attempted one by one,
 * yet their receipts must not sit at PENDING as if nothing were wrong: they say RETRYING, with
 * the department's error and the next probe as the earliest next attempt.
 */
export async function markWaitingReceiptsRetrying(tx: EntityManager, connectorId: string, error: string | null, probeAt: Date) {
  await run(tx,
    `update registration_receipt r
        set status = ?, last_error = ?, next_attempt_at = greatest(d.next_attempt_at, ?), updated_at = now()
       from delivery d
       join outbox_event e on e.id = d.event_id
      where d.connector_id = ? and d.status = '${DeliveryStatus.PENDING}'
        and r.department_id = e.department_id
        and r.registration_id = case when e.payload->>'registrationId' ~ ${UUID_TEXT} then (e.payload->>'registrationId')::uuid end
        and r.status in (?, ?)`,
    [ReceiptStatus.RETRYING, error, probeAt, connectorId, ReceiptStatus.PENDING, ReceiptStatus.RETRYING],
    'run',
  );
}

/**
 * A receipt follows its deliveries: RETRYING (with the next attempt time) while the department's
 * system fails, DELIVERED once any connector of the department has it, FAILED only when a
 * delivery is dead-lettered (unless another already delivered), and never moved back from
 * ACKNOWLEDGED, which only the department itself can say.
 */
export async function updateReceipt(tx: EntityManager, registrationId: string, departmentId: string, status: DeliveryStatus, error: string | null, nextAttemptAt: Date | null) {
  const where = `where registration_id = ? and department_id = ?`;
  if (status === DeliveryStatus.DELIVERED) {
    await run(tx,
      `update registration_receipt set status = ?, last_error = null, next_attempt_at = null, updated_at = now() ${where} and status in (?, ?, ?)`,
      [ReceiptStatus.DELIVERED, registrationId, departmentId, ReceiptStatus.PENDING, ReceiptStatus.RETRYING, ReceiptStatus.FAILED],
      'run',
    );
  } else if (status === DeliveryStatus.DEAD) {
    await run(tx,
      `update registration_receipt set status = ?, last_error = ?, next_attempt_at = null, updated_at = now() ${where} and status in (?, ?)`,
      [ReceiptStatus.FAILED, error, registrationId, departmentId, ReceiptStatus.PENDING, ReceiptStatus.RETRYING],
      'run',
    );
  } else {
    await run(tx,
      `update registration_receipt set status = ?, last_error = ?, next_attempt_at = ?, updated_at = now() ${where} and status in (?, ?)`,
      [ReceiptStatus.RETRYING, error, nextAttemptAt, registrationId, departmentId, ReceiptStatus.PENDING, ReceiptStatus.RETRYING],
      'run',
    );
  }
}
