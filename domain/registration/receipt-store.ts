import type { EntityManager } from '@mikro-orm/sql';
import { Delivery } from '../../entities/delivery.js';
import { OutboxEvent } from '../../entities/outbox-event.js';
import { RegistrationReceipt } from '../../entities/registration-receipt.js';
import { DeliveryStatus } from '../../entities/delivery-status.js';
import { runStatement, tableOf, tablesOf } from '../sql-statements.js';
import type { ReceiptStatus } from '../../entities/receipt-status.js';

/**
 * The guarded UPDATEs of a registration receipt's status. Which move may come from which status
 * is decided in receipt-transitions.ts; each statement here only applies `to` where the row is
 * still in one of `from`, so a stale read can never overtake it. Each returns the rows changed.
 */
const UUID_TEXT = `'^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'`;
const placeholders = (values: readonly unknown[]) => values.map(() => '?').join(', ');

/** One receipt to `to`, with its error and next attempt. */
export function setReceiptStatus(
  em: EntityManager,
  receipt: { registrationId: string; departmentId: string },
  to: ReceiptStatus,
  from: readonly ReceiptStatus[],
  error: string | null,
  nextAttemptAt: Date | null,
): Promise<number> {
  return runStatement(
    em,
    `update ${tableOf(em, RegistrationReceipt)} set status = ?, last_error = ?, next_attempt_at = ?, updated_at = now()
      where registration_id = ? and department_id = ? and status in (${placeholders(from)})`,
    [to, error, nextAttemptAt, receipt.registrationId, receipt.departmentId, ...from],
  );
}

/** One receipt back to `to`, its error and next attempt left as they were. */
export function resetReceiptStatus(
  em: EntityManager,
  receipt: { registrationId: string; departmentId: string },
  to: ReceiptStatus,
  from: readonly ReceiptStatus[],
): Promise<number> {
  return runStatement(
    em,
    `update ${tableOf(em, RegistrationReceipt)} set status = ?, updated_at = now() where registration_id = ? and department_id = ? and status in (${placeholders(from)})`,
    [to, receipt.registrationId, receipt.departmentId, ...from],
  );
}

/**
 * The receipts of every registration waiting (PENDING) for the connector, to `to`, with the
 * error and, as next attempt, the later of the delivery's own and `notBefore`.
 */
export function setWaitingReceiptsStatus(
  em: EntityManager,
  connectorId: string,
  to: ReceiptStatus,
  from: readonly ReceiptStatus[],
  error: string | null,
  notBefore: Date,
): Promise<number> {
  const t = tablesOf(em, { receipt: RegistrationReceipt, delivery: Delivery, event: OutboxEvent });
  return runStatement(
    em,
    `update ${t.receipt} r
        set status = ?, last_error = ?, next_attempt_at = greatest(d.next_attempt_at, ?), updated_at = now()
       from ${t.delivery} d
       join ${t.event} e on e.id = d.event_id
      where d.connector_id = ? and d.status = '${DeliveryStatus.PENDING}'
        and r.department_id = e.department_id
        and r.registration_id = case when e.payload->>'registrationId' ~ ${UUID_TEXT} then (e.payload->>'registrationId')::uuid end
        and r.status in (${placeholders(from)})`,
    [to, error, notBefore, connectorId, ...from],
  );
}
