import type { EntityManager } from '@mikro-orm/sql';
import type { DeliveryStatus } from '../entities/delivery-status.js';
import { followDelivery, retryWaitingOnOpenCircuit } from '../domain/registration/receipt-transitions.js';

/** The delivery workers' side of a receipt; its moves are domain/registration/receipt-transitions.ts. */
export async function markWaitingReceiptsRetrying(tx: EntityManager, connectorId: string, error: string | null, probeAt: Date) {
  await retryWaitingOnOpenCircuit(tx, connectorId, error, probeAt);
}

export async function updateReceipt(
  tx: EntityManager,
  registrationId: string,
  departmentId: string,
  status: DeliveryStatus,
  error: string | null,
  nextAttemptAt: Date | null,
) {
  await followDelivery(tx, registrationId, departmentId, status, error, nextAttemptAt);
}
