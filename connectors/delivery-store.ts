import type { EntityManager } from '@mikro-orm/sql';
import { v7 as uuidv7 } from 'uuid';
import { AttemptOutcome, CircuitState, ConnectorDirection, DeliveryStatus } from '../domain/connectors/connector-kind.js';
import { settingSql, type ConnectorDeliverySettings } from '../domain/connectors/delivery-settings.js';
import { retryDelayMs } from '../domain/connectors/retry-policy.js';
import { isUuid } from '../domain/connectors/uuid.js';
import { ReceiptStatus } from '../domain/registration/registration-kind.js';
import { quietly, run } from './background.js';

export interface Claim {
  token: string;
  deliveryIds: string[];
}

const UNRECORDED = 'outcome never recorded (the hub holding the claim stopped or lost its database); sent again as possibly delivered';
const placeholders = (values: readonly unknown[]) => values.map(() => '?').join(', ');

/**
 * Claims up to `limit` due deliveries, in a short transaction of its own.
 *
 * Due: PENDING and its time has come, or IN_FLIGHT under a lease that ran out (its worker died or
 * lost the database; such a delivery is marked possibly delivered and its unknown attempt
 * written down). Only the head of each record's queue is due: an event waits while an earlier
 * event of the same record for the same connector is not DELIVERED, so a change never overtakes
 * the registration it changes, across retries, dead letters and crashes.
 *
 * Each connector is a bulkhead: it gets at most `concurrency` deliveries in flight (counted
 * from live leases, so across every hub process), and while its circuit is OPEN none but a
 * single probe once per interval. The connector rows are locked first, which serialises claims
 * across processes (a few milliseconds each) so that neither limit is overshot.
 */
export async function claimDeliveries(em: EntityManager, limit: number, leaseMs: number): Promise<Claim> {
  const token = uuidv7();
  const rows = await em.transactional(async (tx) => {
    await run(tx, `select id from connector where direction = ? and enabled order by id for update`, [ConnectorDirection.OUT]);
    // An open circuit whose probe is due sends one delivery, and the next probe moves one interval on.
    const probes = (await run(tx,
      `update connector c set circuit_probe_at = now() + (${settingSql('circuitProbeMs')} * interval '1 millisecond')
        where c.direction = ? and c.enabled and c.circuit_state = '${CircuitState.OPEN}' and c.circuit_probe_at <= now()
          and not exists (select 1 from delivery f where f.connector_id = c.id and f.status = '${DeliveryStatus.IN_FLIGHT}' and f.lease_expires_at >= now())
          and exists (select 1 from delivery w where w.connector_id = c.id and w.status in ('${DeliveryStatus.PENDING}', '${DeliveryStatus.IN_FLIGHT}'))
        returning c.id`,
      [ConnectorDirection.OUT],
    )) as Array<{ id: string }>;
    const probeIds = probes.map((probe) => probe.id);
    const claimed = (await run(tx,
      `with allowance as (
         select c.id as connector_id,
                c.circuit_state = '${CircuitState.OPEN}' as probing,
                (case when c.circuit_state = '${CircuitState.OPEN}'
                      then ${probeIds.length ? `case when c.id in (${placeholders(probeIds)}) then 1 else 0 end` : '0'}
                      else ${settingSql('concurrency')} end)
                - (select count(*) from delivery f
                    where f.connector_id = c.id and f.status = '${DeliveryStatus.IN_FLIGHT}' and f.lease_expires_at >= now()) as slots
           from connector c
          where c.direction = ? and c.enabled
       ),
       ranked as (
         select d.id, a.slots,
                row_number() over (partition by d.connector_id order by d.next_attempt_at, d.event_sequence) as rank
           from delivery d
           join allowance a on a.connector_id = d.connector_id
          where a.slots > 0
            and ((d.status = '${DeliveryStatus.PENDING}' and (d.next_attempt_at <= now() or a.probing))
              or (d.status = '${DeliveryStatus.IN_FLIGHT}' and d.lease_expires_at < now()))
            and not exists (
              select 1 from delivery p
               where p.connector_id = d.connector_id
                 and p.aggregate_type = d.aggregate_type
                 and p.aggregate_key = d.aggregate_key
                 and p.event_sequence < d.event_sequence
                 and p.status <> '${DeliveryStatus.DELIVERED}')
       ),
       picked as (
         select d.id, d.status as previous_status
           from delivery d
          where d.id in (select id from ranked where rank <= slots)
            and (d.status = '${DeliveryStatus.PENDING}' or (d.status = '${DeliveryStatus.IN_FLIGHT}' and d.lease_expires_at < now()))
          order by d.next_attempt_at, d.event_sequence
          limit ?
          for update of d skip locked
       )
       update delivery
          set status = '${DeliveryStatus.IN_FLIGHT}', attempts = delivery.attempts + 1, claim_token = ?,
              lease_expires_at = now() + (? * interval '1 millisecond'),
              possibly_delivered = delivery.possibly_delivered or picked.previous_status = '${DeliveryStatus.IN_FLIGHT}',
              updated_at = now()
         from picked
        where delivery.id = picked.id
       returning delivery.id, picked.previous_status`,
      [...probeIds, ConnectorDirection.OUT, limit, token, leaseMs],
    )) as Array<{ id: string; previous_status: string }>;
    for (const row of claimed) {
      if (row.previous_status === DeliveryStatus.IN_FLIGHT) await writeUnknownAttempt(tx, row.id, null, UNRECORDED);
    }
    return claimed;
  }, quietly(em));
  return { token, deliveryIds: rows.map((row) => row.id) };
}

async function writeUnknownAttempt(tx: EntityManager, deliveryId: string, startedAt: Date | null, error: string) {
  await run(tx,
    `insert into delivery_attempt (id, delivery_id, number, started_at, finished_at, outcome, error)
     values (?, ?, (select count(*) + 1 from delivery_attempt where delivery_id = ?), coalesce(?, now()), now(), '${AttemptOutcome.UNKNOWN}', ?)`,
    [uuidv7(), deliveryId, deliveryId, startedAt, error],
    'run',
  );
}

/** The heartbeat: extends the leases of the claims this process still works on. Returns the ids of the deliveries it still holds. */
export async function renewLeases(em: EntityManager, tokens: readonly string[], leaseMs: number): Promise<Set<string>> {
  if (tokens.length === 0) return new Set();
  const rows = (await run(em,
    `update delivery set lease_expires_at = now() + (? * interval '1 millisecond')
      where status = '${DeliveryStatus.IN_FLIGHT}' and claim_token in (${placeholders(tokens)})
      returning id`,
    [leaseMs, ...tokens],
  )) as Array<{ id: string }>;
  return new Set(rows.map((row) => row.id));
}

/**
 * Hands claims back at shutdown: due at once for any hub, marked possibly delivered (the request
 * was sent; the answer never came), the unknown attempt written down. Returns how many.
 */
export async function releaseClaims(em: EntityManager, claims: ReadonlyArray<{ deliveryId: string; claimToken: string; startedAt: Date }>): Promise<number> {
  if (claims.length === 0) return 0;
  return em.transactional(async (tx) => {
    let released = 0;
    for (const claim of claims) {
      const updated = (await run(tx,
        `update delivery set status = '${DeliveryStatus.PENDING}', claim_token = null, lease_expires_at = null, possibly_delivered = true,
                next_attempt_at = now(), updated_at = now()
          where id = ? and claim_token = ?`,
        [claim.deliveryId, claim.claimToken],
        'run',
      )) as { affectedRows: number };
      if (updated.affectedRows === 0) continue;
      released += 1;
      await writeUnknownAttempt(tx, claim.deliveryId, claim.startedAt, 'the hub shut down before the department system answered; sent again as possibly delivered');
    }
    return released;
  }, quietly(em));
}

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

/** "3 h", "5 s": for error texts. */
function span(ms: number): string {
  if (ms >= 3_600_000) return `${+(ms / 3_600_000).toFixed(1)} h`;
  if (ms >= 60_000) return `${+(ms / 60_000).toFixed(1)} min`;
  return `${+(ms / 1_000).toFixed(1)} s`;
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
    const failingFor = finishedAt.getTime() - failingSince!.getTime();
    if (settings.maxAttempts != null && result.attempt >= settings.maxAttempts) {
      status = DeliveryStatus.DEAD;
      error = `gave up after ${result.attempt} attempts: ${result.error}`;
    } else if (failingFor >= settings.retryHorizonMs) {
      status = DeliveryStatus.DEAD;
      error = `gave up after failing for ${span(failingFor)} (retry horizon ${span(settings.retryHorizonMs)}, ${result.attempt} attempts): ${result.error}`;
    } else {
      status = DeliveryStatus.PENDING;
      nextAttemptAt = new Date(finishedAt.getTime() + retryDelayMs(result.attempt, result.retryAfterMs, { baseMs: settings.backoffBaseMs, maxMs: settings.backoffMaxMs }));
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
      const failures = (connector?.consecutive_failures ?? 0) + 1;
      // A peer that says when to come back is believed for the whole connector, not just this event.
      if (wasOpen || failures >= settings.circuitFailureThreshold || result.retryAfterMs != null) {
        probeAt = result.retryAfterMs != null ? nextAttemptAt! : new Date(finishedAt.getTime() + settings.circuitProbeMs);
        if (nextAttemptAt! < probeAt) nextAttemptAt = probeAt;
        circuitOpened = !wasOpen;
      }
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

const UUID_TEXT = `'^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'`;

/**
 * While a connector's circuit is open its waiting registrations are not attempted one by one,
 * yet their receipts must not sit at PENDING as if nothing were wrong: they say RETRYING, with
 * the department's error and the next probe as the earliest next attempt.
 */
async function markWaitingReceiptsRetrying(tx: EntityManager, connectorId: string, error: string | null, probeAt: Date) {
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
async function updateReceipt(tx: EntityManager, registrationId: string, departmentId: string, status: DeliveryStatus, error: string | null, nextAttemptAt: Date | null) {
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
