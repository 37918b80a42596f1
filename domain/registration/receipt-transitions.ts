import type { EntityManager } from '@mikro-orm/sql';
import { DeliveryStatus } from '../../entities/delivery-status.js';
import { ReceiptStatus } from '../../entities/receipt-status.js';
import { resetReceiptStatus, setReceiptStatus, setWaitingReceiptsStatus } from './receipt-store.js';

/**
 * The one owner of a registration receipt's status, as case-transitions.ts and
 * trade-transitions.ts are for cases and trades: every move names its target and the statuses it
 * may come from, here, and nowhere else. A receipt starts PENDING when the registration is handed
 * over (hand-over.ts); it follows its deliveries (RETRYING while the department's system fails,
 * DELIVERED once any connector of the department has it, FAILED only when a delivery is
 * dead-lettered and no other delivered it); only the department itself moves it to ACKNOWLEDGED,
 * and nothing moves it back from there except a new acknowledgement; an operator's replay puts a
 * FAILED one back to PENDING.
 *
 * Moves run as guarded UPDATEs (`… and status in (from)`, receipt-store.ts) rather than through the unit of work:
 * the delivery workers move many receipts per claim, concurrently, and a guard in the statement
 * cannot be overtaken by a stale read.
 */
export const RECEIPT_MOVES_FROM: Record<ReceiptStatus, readonly ReceiptStatus[]> = {
  [ReceiptStatus.PENDING]: [ReceiptStatus.FAILED],
  [ReceiptStatus.RETRYING]: [ReceiptStatus.PENDING, ReceiptStatus.RETRYING],
  [ReceiptStatus.DELIVERED]: [ReceiptStatus.PENDING, ReceiptStatus.RETRYING, ReceiptStatus.FAILED],
  [ReceiptStatus.FAILED]: [ReceiptStatus.PENDING, ReceiptStatus.RETRYING],
  [ReceiptStatus.ACKNOWLEDGED]: Object.values(ReceiptStatus),
};

/** One receipt to `to`, with its error and next attempt, if its status allows the move. */
function moveReceipt(
  em: EntityManager,
  registrationId: string,
  departmentId: string,
  to: ReceiptStatus,
  error: string | null,
  nextAttemptAt: Date | null,
): Promise<number> {
  return setReceiptStatus(em, { registrationId, departmentId }, to, RECEIPT_MOVES_FROM[to], error, nextAttemptAt);
}

/** A delivery to the department's system ended so: the receipt follows it. */
export function followDelivery(
  em: EntityManager,
  registrationId: string,
  departmentId: string,
  delivery: DeliveryStatus,
  error: string | null,
  nextAttemptAt: Date | null,
): Promise<number> {
  if (delivery === DeliveryStatus.DELIVERED) return moveReceipt(em, registrationId, departmentId, ReceiptStatus.DELIVERED, null, null);
  if (delivery === DeliveryStatus.DEAD) return moveReceipt(em, registrationId, departmentId, ReceiptStatus.FAILED, error, null);
  return moveReceipt(em, registrationId, departmentId, ReceiptStatus.RETRYING, error, nextAttemptAt);
}

/**
 * While a connector's circuit is open its waiting registrations are not attempted one by one,
 * yet their receipts must not sit at PENDING as if nothing were wrong: they say RETRYING, with
 * the department's error and the next probe as the earliest next attempt.
 */
export function retryWaitingOnOpenCircuit(em: EntityManager, connectorId: string, error: string | null, probeAt: Date): Promise<number> {
  return setWaitingReceiptsStatus(em, connectorId, ReceiptStatus.RETRYING, RECEIPT_MOVES_FROM[ReceiptStatus.RETRYING], error, probeAt);
}

/** The department confirmed it took the registration into its own system; 0 when it was never handed to it. */
export function acknowledgeReceipt(em: EntityManager, registrationId: string, departmentId: string): Promise<number> {
  return moveReceipt(em, registrationId, departmentId, ReceiptStatus.ACKNOWLEDGED, null, null);
}

/** An operator replayed the delivery: a FAILED receipt waits again. */
export function requeueReceipt(em: EntityManager, registrationId: string, departmentId: string): Promise<number> {
  return resetReceiptStatus(em, { registrationId, departmentId }, ReceiptStatus.PENDING, RECEIPT_MOVES_FROM[ReceiptStatus.PENDING]);
}
