import type { EntityManager } from '@mikro-orm/sql';
import { uuidv7 } from '../support/uuid-v7.js';
import { Connector } from '../entities/connector.js';
import { Delivery } from '../entities/delivery.js';
import { DeliveryAttempt } from '../entities/delivery-attempt.js';
import { CircuitState } from '../entities/circuit-state.js';
import { type AttemptOutcome, DeliveryStatus } from '../entities/delivery-status.js';
import { runStatement, selectRows, tableOf } from '../domain/sql-statements.js';

/** The statements that record a delivery attempt (attempt-record.ts), all in the caller's transaction. */

export interface ConnectorCircuitRow {
  circuit_state: CircuitState;
  consecutive_failures: number;
}

/** Locks the connector row (claims lock connectors before deliveries, so this comes first) and reads its circuit. */
export async function lockConnectorCircuit(tx: EntityManager, connectorId: string): Promise<ConnectorCircuitRow | undefined> {
  const [connector] = await selectRows<ConnectorCircuitRow>(
    tx,
    `select circuit_state, consecutive_failures from ${tableOf(tx, Connector)} where id = ? for update`,
    [connectorId],
  );
  return connector;
}

/** One attempt in the delivery's history, numbered over its whole history (replays included). */
export async function insertAttempt(
  tx: EntityManager,
  attempt: {
    deliveryId: string;
    startedAt: Date;
    finishedAt: Date;
    outcome: AttemptOutcome;
    statusCode: number | null;
    error: string | null;
    retryAfterMs: number | null;
  },
): Promise<void> {
  const attempts = tableOf(tx, DeliveryAttempt);
  await runStatement(
    tx,
    `insert into ${attempts} (id, delivery_id, number, started_at, finished_at, outcome, status_code, error, retry_after_ms)
       values (?, ?, (select count(*) + 1 from ${attempts} where delivery_id = ?), ?, ?, ?, ?, ?, ?)`,
    [
      uuidv7(),
      attempt.deliveryId,
      attempt.deliveryId,
      attempt.startedAt,
      attempt.finishedAt,
      attempt.outcome,
      attempt.statusCode,
      attempt.error,
      attempt.retryAfterMs,
    ],
  );
}

/**
 * The delivery's state after the attempt, its lease and claim cleared, if the claim is still the
 * one that made the attempt. Returns 0 when the claim was lost (another worker took over).
 */
export function finishClaimedDelivery(
  tx: EntityManager,
  delivery: {
    id: string;
    claimToken: string;
    status: DeliveryStatus;
    error: string | null;
    nextAttemptAt: Date | null;
    failingSince: Date | null;
  },
): Promise<number> {
  const delivered = delivery.status === DeliveryStatus.DELIVERED;
  return runStatement(
    tx,
    `update ${tableOf(tx, Delivery)}
          set status = ?, last_error = ?, next_attempt_at = coalesce(?, next_attempt_at), failing_since = ?,
              delivered_at = case when ? then now() else delivered_at end,
              lease_expires_at = null, claim_token = null, updated_at = now()
        where id = ? and claim_token = ?`,
    [
      delivery.status,
      delivered ? null : delivery.error,
      delivery.nextAttemptAt,
      delivery.failingSince,
      delivered,
      delivery.id,
      delivery.claimToken,
    ],
  );
}

/** The connector failed once more; with `probeAt`, its circuit is (or stays) open until then. */
export async function recordConnectorFailure(
  tx: EntityManager,
  connectorId: string,
  error: string | null,
  probeAt: Date | null,
): Promise<void> {
  await runStatement(
    tx,
    `update ${tableOf(tx, Connector)}
            set last_failure_at = now(), last_error = ?, consecutive_failures = consecutive_failures + 1,
                circuit_state = case when ?::timestamptz is null then circuit_state else '${CircuitState.OPEN}' end,
                circuit_opened_at = case when ?::timestamptz is null then circuit_opened_at else coalesce(circuit_opened_at, now()) end,
                circuit_probe_at = coalesce(?::timestamptz, circuit_probe_at)
          where id = ?`,
    [error, probeAt, probeAt, probeAt, connectorId],
  );
}

/**
 * The connector's system answered (delivered, or refused for good with `refusal`): its failures
 * in a row start over and its circuit closes.
 */
export async function recordConnectorAnswered(
  tx: EntityManager,
  connectorId: string,
  refusal: { error: string | null } | null,
): Promise<void> {
  await runStatement(
    tx,
    `update ${tableOf(tx, Connector)}
            set ${refusal ? 'last_failure_at = now(), last_error = ?' : 'last_success_at = now()'}, consecutive_failures = 0,
                circuit_state = '${CircuitState.CLOSED}', circuit_opened_at = null, circuit_probe_at = null
          where id = ?`,
    refusal ? [refusal.error, connectorId] : [connectorId],
  );
}

/** What waited behind the connector's open circuit becomes due at once. */
export async function makeWaitingDeliveriesDue(tx: EntityManager, connectorId: string): Promise<void> {
  await runStatement(
    tx,
    `update ${tableOf(tx, Delivery)} set next_attempt_at = now() where connector_id = ? and status = '${DeliveryStatus.PENDING}' and next_attempt_at > now()`,
    [connectorId],
  );
}
