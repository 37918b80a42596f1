import type { EntityManager } from '@mikro-orm/sql';
import { probeAfterFailure } from '../domain/connectors/circuit.js';
import { AttemptOutcome, DeliveryStatus } from '../entities/delivery-status.js';
import { CircuitState } from '../entities/circuit-state.js';
import type { ConnectorDeliverySettings } from '../domain/connectors/delivery-settings.js';
import { afterTransientFailure } from '../domain/connectors/retry-policy.js';
import { isUuid } from '../domain/connectors/uuid.js';
import {
  insertAttempt,
  finishClaimedDelivery,
  lockConnectorCircuit,
  makeWaitingDeliveriesDue,
  recordConnectorAnswered,
  recordConnectorFailure,
} from './attempt-store.js';
import { quietly } from './background.js';
import { markWaitingReceiptsRetrying, updateReceipt } from './receipt-progress.js';

export interface AttemptResult {
  deliveryId: string;
  claimToken: string;
  connectorId: string;
  /** The attempt's number (the delivery's attempts after the claim). */
  attempt: number;
  settings: ConnectorDeliverySettings;
  /** The delivery's failing_since when claimed (null: this is the first failure, if it fails). */
  failingSince: Date | null;
  startedAt: Date;
  outcome: 'delivered' | 'retry' | 'permanent';
  statusCode?: number | null;
  retryAfterMs?: number | null;
  error?: string | null;
  /** From the event: the registration whose receipt follows this delivery, and the receiving department. */
  registrationId: string | null;
  departmentId: string;
}

export interface RecordedAttempt {
  status: DeliveryStatus;
  /** The attempt closed an open circuit: the connector's waiting deliveries became due at once. */
  circuitClosed: boolean;
  /** The attempt opened the circuit. */
  circuitOpened: boolean;
}

/**
 * Records one attempt and its consequences in one transaction: the delivery's new state, the
 * attempt in its history, the connector's circuit and health, and the registration receipt.
 * Returns null when the claim was lost (its lease ran out and another worker took over), in
 * which case nothing but the history is written.
 *
 * A transient failure is retried with capped exponential backoff until the delivery has been
 * failing for longer than the connector's retry horizon; only then, or on a permanent refusal,
 * does it become a dead letter.
 */
export async function recordAttempt(em: EntityManager, result: AttemptResult): Promise<RecordedAttempt | null> {
  const finishedAt = new Date();
  const { settings } = result;
  let status: DeliveryStatus;
  let outcome: AttemptOutcome;
  let nextAttemptAt: Date | null = null;
  let error = result.error ?? null;
  const failingSince = result.outcome === 'delivered' ? null : (result.failingSince ?? result.startedAt);
  if (result.outcome === 'delivered') {
    status = DeliveryStatus.DELIVERED;
    outcome = AttemptOutcome.DELIVERED;
  } else if (result.outcome === 'permanent') {
    status = DeliveryStatus.DEAD;
    outcome = AttemptOutcome.PERMANENT;
  } else {
    outcome = AttemptOutcome.RETRY;
    const verdict = afterTransientFailure({
      attempt: result.attempt,
      failingSince: failingSince!,
      finishedAt,
      retryAfterMs: result.retryAfterMs,
      error: result.error ?? 'failed',
      settings,
    });
    if (verdict.giveUp) {
      status = DeliveryStatus.DEAD;
      error = verdict.error;
    } else {
      status = DeliveryStatus.PENDING;
      nextAttemptAt = verdict.nextAttemptAt;
    }
  }

  return em.transactional(async (tx) => {
    // The connector first: claims lock connector rows before deliveries, and so do we.
    const connector = await lockConnectorCircuit(tx, result.connectorId);
    const wasOpen = connector?.circuit_state === CircuitState.OPEN;
    let circuitClosed = false;
    let circuitOpened = false;
    let probeAt: Date | null = null;
    if (status === DeliveryStatus.PENDING) {
      probeAt = probeAfterFailure({
        wasOpen,
        failuresInARow: (connector?.consecutive_failures ?? 0) + 1,
        threshold: settings.circuitFailureThreshold,
        probeMs: settings.circuitProbeMs,
        retryAfterMs: result.retryAfterMs,
        finishedAt,
        nextAttemptAt: nextAttemptAt!,
      });
      // While the circuit is open nothing goes before the probe, this delivery included.
      if (probeAt && nextAttemptAt! < probeAt) nextAttemptAt = probeAt;
      circuitOpened = probeAt != null && !wasOpen;
    }

    // Written even when the claim was lost, as it happened.
    await insertAttempt(tx, {
      deliveryId: result.deliveryId,
      startedAt: result.startedAt,
      finishedAt,
      outcome,
      statusCode: result.statusCode ?? null,
      error: result.error ?? null,
      retryAfterMs: result.retryAfterMs ?? null,
    });
    const updated = await finishClaimedDelivery(tx, {
      id: result.deliveryId,
      claimToken: result.claimToken,
      status,
      error,
      nextAttemptAt,
      failingSince,
    });
    if (updated === 0) return null;

    if (status === DeliveryStatus.PENDING || (status === DeliveryStatus.DEAD && result.outcome === 'retry')) {
      await recordConnectorFailure(tx, result.connectorId, error, probeAt);
    } else {
      // Delivered, or refused for good: either way the department system is up and answering.
      await recordConnectorAnswered(tx, result.connectorId, status === DeliveryStatus.DELIVERED ? null : { error });
      if (wasOpen) {
        // The probe got through: what waited behind the open circuit goes at full speed now.
        await makeWaitingDeliveriesDue(tx, result.connectorId);
        circuitClosed = true;
      }
    }
    if (isUuid(result.registrationId)) {
      await updateReceipt(tx, result.registrationId, result.departmentId, status, error, nextAttemptAt);
    }
    if (probeAt) await markWaitingReceiptsRetrying(tx, result.connectorId, error, probeAt);
    return { status, circuitClosed, circuitOpened };
  }, quietly(em));
}
