import type { EntityManager } from '@mikro-orm/sql';
import { v7 as uuidv7 } from 'uuid';
import { AttemptOutcome, DeliveryStatus } from '../domain/connectors/connector-kind.js';
import { DEFAULT_BACKOFF, retryDelayMs } from '../domain/connectors/retry-policy.js';
import { isUuid } from '../domain/connectors/uuid.js';
import { ReceiptStatus } from '../domain/registration/registration-kind.js';
import { quietly, run } from './background.js';

/** A lease always outlasts the connector's own timeout, so a slow attempt is never taken over while it still runs. */
const DEFAULT_TRANSPORT_TIMEOUT_MS = 10_000;
const LEASE_MARGIN_MS = 5_000;

export interface Claim {
  token: string;
  deliveryIds: string[];
}

/**
 * Claims up to `limit` deliveries that are due, in a short transaction of its own. A delivery is
 * due when it is PENDING and its time has come, or IN_FLIGHT under a lease that ran out (its
 * worker died: SIGKILL, power loss). Only the head of each record's queue is due: an event waits
 * while an earlier event of the same record for the same connector is not DELIVERED, so a change
 * never overtakes the registration it changes, even across retries and dead letters.
 * `SKIP LOCKED` lets concurrent workers pass over each other's claims instead of waiting, and the
 * claim token makes a worker whose lease was taken over unable to record over the new owner.
 */
export async function claimDeliveries(em: EntityManager, limit: number, leaseMs: number): Promise<Claim> {
  const token = uuidv7();
  const rows = await em.transactional(
    (tx) =>
      run(tx, 
        `update delivery
            set status = '${DeliveryStatus.IN_FLIGHT}', attempts = attempts + 1, claim_token = ?,
                lease_expires_at = now() + (greatest(?, coalesce((lessee.config->>'timeoutMs')::int, ${DEFAULT_TRANSPORT_TIMEOUT_MS}) + ${LEASE_MARGIN_MS}) * interval '1 millisecond'),
                updated_at = now()
           from connector lessee
          where lessee.id = delivery.connector_id and delivery.id in (
            select d.id
              from delivery d
              join connector c on c.id = d.connector_id
             where c.enabled
               and ((d.status = '${DeliveryStatus.PENDING}' and d.next_attempt_at <= now())
                 or (d.status = '${DeliveryStatus.IN_FLIGHT}' and d.lease_expires_at < now()))
               and not exists (
                 select 1 from delivery p
                  where p.connector_id = d.connector_id
                    and p.aggregate_type = d.aggregate_type
                    and p.aggregate_key = d.aggregate_key
                    and p.event_sequence < d.event_sequence
                    and p.status <> '${DeliveryStatus.DELIVERED}')
             order by d.next_attempt_at, d.event_sequence
             limit ?
             for update of d skip locked)
        returning delivery.id`,
        [token, leaseMs, limit],
      ) as Promise<Array<{ id: string }>>,
    quietly(em),
  );
  return { token, deliveryIds: rows.map((row) => row.id) };
}

export interface AttemptResult {
  deliveryId: string;
  claimToken: string;
  connectorId: string;
  /** The attempt's number (the delivery's attempts after the claim). */
  attempt: number;
  maxAttempts: number;
  backoff: { baseMs?: number; maxMs?: number };
  startedAt: Date;
  outcome: 'delivered' | 'retry' | 'permanent';
  statusCode?: number | null;
  retryAfterMs?: number | null;
  error?: string | null;
  /** From the event: the registration whose receipt follows this delivery, and the receiving department. */
  registrationId: string | null;
  departmentId: string;
}

/**
 * Records one attempt and its consequence in one transaction: the delivery's new state, the
 * attempt in its history, the connector's health and the registration receipt. Returns the
 * delivery's new status, or null when the claim was lost (another worker took over the lease)
 * and nothing but the history was written.
 */
export async function recordAttempt(em: EntityManager, result: AttemptResult): Promise<DeliveryStatus | null> {
  const finishedAt = new Date();
  let status: DeliveryStatus;
  let outcome: AttemptOutcome;
  let nextAttemptAt: Date | null = null;
  if (result.outcome === 'delivered') {
    status = DeliveryStatus.DELIVERED;
    outcome = AttemptOutcome.DELIVERED;
  } else if (result.outcome === 'permanent' || result.attempt >= result.maxAttempts) {
    status = DeliveryStatus.DEAD;
    outcome = result.outcome === 'permanent' ? AttemptOutcome.PERMANENT : AttemptOutcome.RETRY;
  } else {
    status = DeliveryStatus.PENDING;
    outcome = AttemptOutcome.RETRY;
    const backoff = { baseMs: result.backoff.baseMs ?? DEFAULT_BACKOFF.baseMs, maxMs: result.backoff.maxMs ?? DEFAULT_BACKOFF.maxMs };
    nextAttemptAt = new Date(finishedAt.getTime() + retryDelayMs(result.attempt, result.retryAfterMs, backoff));
  }
  const error =
    status === DeliveryStatus.DEAD && result.outcome === 'retry'
      ? `gave up after ${result.attempt} attempts: ${result.error}`
      : (result.error ?? null);

  return em.transactional(async (tx) => {
    await run(tx, 
      // Numbered over the delivery's whole history, replays included (its attempt budget restarts on a replay).
      `insert into delivery_attempt (id, delivery_id, number, started_at, finished_at, outcome, status_code, error, retry_after_ms)
       values (?, ?, (select count(*) + 1 from delivery_attempt where delivery_id = ?), ?, ?, ?, ?, ?, ?)`,
      [uuidv7(), result.deliveryId, result.deliveryId, result.startedAt, finishedAt, outcome, result.statusCode ?? null, result.error ?? null, result.retryAfterMs ?? null],
      'run',
    );
    const updated = (await run(tx, 
      `update delivery
          set status = ?, last_error = ?, next_attempt_at = coalesce(?, next_attempt_at),
              delivered_at = case when ? then now() else delivered_at end,
              lease_expires_at = null, claim_token = null, updated_at = now()
        where id = ? and claim_token = ?`,
      [status, status === DeliveryStatus.DELIVERED ? null : error, nextAttemptAt, status === DeliveryStatus.DELIVERED, result.deliveryId, result.claimToken],
      'run',
    )) as { affectedRows: number };
    if (updated.affectedRows === 0) return null;

    if (status === DeliveryStatus.DELIVERED) {
      await run(tx, `update connector set last_success_at = now() where id = ?`, [result.connectorId], 'run');
    } else {
      await run(tx, `update connector set last_failure_at = now(), last_error = ? where id = ?`, [error, result.connectorId], 'run');
    }
    if (isUuid(result.registrationId)) {
      await updateReceipt(tx, result.registrationId, result.departmentId, status, error);
    }
    return status;
  }, quietly(em));
}

/**
 * A receipt follows its deliveries: DELIVERED once any connector of the department has it,
 * FAILED when a delivery is dead-lettered (unless another already delivered), and never moved
 * back from ACKNOWLEDGED, which only the department itself can say.
 */
async function updateReceipt(tx: EntityManager, registrationId: string, departmentId: string, status: DeliveryStatus, error: string | null) {
  const where = `where registration_id = ? and department_id = ?`;
  if (status === DeliveryStatus.DELIVERED) {
    await run(tx, 
      `update registration_receipt set status = ?, last_error = null, updated_at = now() ${where} and status in (?, ?)`,
      [ReceiptStatus.DELIVERED, registrationId, departmentId, ReceiptStatus.PENDING, ReceiptStatus.FAILED],
      'run',
    );
  } else if (status === DeliveryStatus.DEAD) {
    await run(tx, 
      `update registration_receipt set status = ?, last_error = ?, updated_at = now() ${where} and status = ?`,
      [ReceiptStatus.FAILED, error, registrationId, departmentId, ReceiptStatus.PENDING],
      'run',
    );
  } else {
    await run(tx, 
      `update registration_receipt set last_error = ?, updated_at = now() ${where} and status = ?`,
      [error, registrationId, departmentId, ReceiptStatus.PENDING],
      'run',
    );
  }
}
