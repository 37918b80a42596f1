import type { EntityManager } from '@mikro-orm/sql';
import { v7 as uuidv7 } from 'uuid';
import { probeAfterFailure } from '../domain/connectors/circuit.js';
import { AttemptOutcome, DeliveryStatus } from '../entities/delivery-status.js';
import { CircuitState } from '../entities/circuit-state.js';
import type { ConnectorDeliverySettings } from '../domain/connectors/delivery-settings.js';
import { afterTransientFailure } from '../domain/connectors/retry-policy.js';
import { isUuid } from '../domain/connectors/uuid.js';
import { quietly, run } from './background.js';
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
    const verdict = afterTransientFailure({ attempt: result.attempt, failingSince: failingSince!, finishedAt, retryAfterMs: result.retryAfterMs, error: result.error ?? 'failed', settings });
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
    const [connector] = (await run(tx, `select circuit_state, consecutive_failures from connector where id = ? for update`, [result.connectorId])) as Array<{
      circuit_state: CircuitState;
      consecutive_failures: number;
    }>;
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

    await run(tx,
      // Numbered over the delivery's whole history, replays included; written even when the claim was lost, as it happened.
      `insert into delivery_attempt (id, delivery_id, number, started_at, finished_at, outcome, status_code, error, retry_after_ms)
       values (?, ?, (select count(*) + 1 from delivery_attempt where delivery_id = ?), ?, ?, ?, ?, ?, ?)`,
      [uuidv7(), result.deliveryId, result.deliveryId, result.startedAt, finishedAt, outcome, result.statusCode ?? null, result.error ?? null, result.retryAfterMs ?? null],
      'run',
    );
    const updated = (await run(tx,
      `update delivery
          set status = ?, last_error = ?, next_attempt_at = coalesce(?, next_attempt_at), failing_since = ?,
              delivered_at = case when ? then now() else delivered_at end,
              lease_expires_at = null, claim_token = null, updated_at = now()
        where id = ? and claim_token = ?`,
      [status, status === DeliveryStatus.DELIVERED ? null : error, nextAttemptAt, failingSince, status === DeliveryStatus.DELIVERED, result.deliveryId, result.claimToken],
      'run',
    )) as { affectedRows: number };
    if (updated.affectedRows === 0) return null;

    if (status === DeliveryStatus.PENDING || (status === DeliveryStatus.DEAD && result.outcome === 'retry')) {
      await run(tx,
        `update connector
            set last_failure_at = now(), last_error = ?, consecutive_failures = consecutive_failures + 1,
                circuit_state = case when ?::timestamptz is null then circuit_state else '${CircuitState.OPEN}' end,
                circuit_opened_at = case when ?::timestamptz is null then circuit_opened_at else coalesce(circuit_opened_at, now()) end,
                circuit_probe_at = coalesce(?::timestamptz, circuit_probe_at)
          where id = ?`,
        [error, probeAt, probeAt, probeAt, result.connectorId],
        'run',
      );
    } else {
      // Delivered, or refused for good: either way the department system is up and answering.
      const success = status === DeliveryStatus.DELIVERED;
      await run(tx,
        `update connector
            set ${success ? 'last_success_at = now()' : 'last_failure_at = now(), last_error = ?'}, consecutive_failures = 0,
                circuit_state = '${CircuitState.CLOSED}', circuit_opened_at = null, circuit_probe_at = null
          where id = ?`,
        success ? [result.connectorId] : [error, result.connectorId],
        'run',
      );
      if (wasOpen) {
        // The probe got through: what waited behind the open circuit goes at full speed now.
        await run(tx,
          `update delivery set next_attempt_at = now() where connector_id = ? and status = '${DeliveryStatus.PENDING}' and next_attempt_at > now()`,
          [result.connectorId],
          'run',
        );
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
