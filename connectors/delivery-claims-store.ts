import type { EntityManager } from '@mikro-orm/sql';
import { uuidv7 } from '../support/uuid-v7.js';
import { AttemptOutcome, DeliveryStatus } from '../entities/delivery-status.js';
import { CircuitState } from '../entities/circuit-state.js';
import { ConnectorDirection } from '../entities/connector-kind.js';
import { settingSql } from '../domain/connectors/delivery-settings.js';
import { Connector } from '../entities/connector.js';
import { Delivery } from '../entities/delivery.js';
import { DeliveryAttempt } from '../entities/delivery-attempt.js';
import { runStatement, selectRows, tableOf, tablesOf } from '../domain/sql-statements.js';
import { quietly } from './background.js';

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
    const t = tablesOf(tx, { connector: Connector, delivery: Delivery });
    await selectRows(tx, `select id from ${t.connector} where direction = ? and enabled order by id for update`, [ConnectorDirection.OUT]);
    // An open circuit whose probe is due sends one delivery, and the next probe moves one interval on.
    const probes = await selectRows<{ id: string }>(
      tx,
      `update ${t.connector} c set circuit_probe_at = now() + (${settingSql('circuitProbeMs')} * interval '1 millisecond')
        where c.direction = ? and c.enabled and c.circuit_state = '${CircuitState.OPEN}' and c.circuit_probe_at <= now()
          and not exists (select 1 from ${t.delivery} f where f.connector_id = c.id and f.status = '${DeliveryStatus.IN_FLIGHT}' and f.lease_expires_at >= now())
          and exists (select 1 from ${t.delivery} w where w.connector_id = c.id and w.status in ('${DeliveryStatus.PENDING}', '${DeliveryStatus.IN_FLIGHT}'))
        returning c.id`,
      [ConnectorDirection.OUT],
    );
    const probeIds = probes.map((probe) => probe.id);
    const claimed = await selectRows<{ id: string; previous_status: string }>(
      tx,
      `with allowance as (
         select c.id as connector_id,
                c.circuit_state = '${CircuitState.OPEN}' as probing,
                (case when c.circuit_state = '${CircuitState.OPEN}'
                      then ${probeIds.length ? `case when c.id in (${placeholders(probeIds)}) then 1 else 0 end` : '0'}
                      else ${settingSql('concurrency')} end)
                - (select count(*) from ${t.delivery} f
                    where f.connector_id = c.id and f.status = '${DeliveryStatus.IN_FLIGHT}' and f.lease_expires_at >= now()) as slots
           from ${t.connector} c
          where c.direction = ? and c.enabled
       ),
       ranked as (
         select d.id, a.slots,
                row_number() over (partition by d.connector_id order by d.next_attempt_at, d.event_sequence) as rank
           from ${t.delivery} d
           join allowance a on a.connector_id = d.connector_id
          where a.slots > 0
            and ((d.status = '${DeliveryStatus.PENDING}' and (d.next_attempt_at <= now() or a.probing))
              or (d.status = '${DeliveryStatus.IN_FLIGHT}' and d.lease_expires_at < now()))
            and not exists (
              select 1 from ${t.delivery} p
               where p.connector_id = d.connector_id
                 and p.aggregate_type = d.aggregate_type
                 and p.aggregate_key = d.aggregate_key
                 and p.event_sequence < d.event_sequence
                 and p.status <> '${DeliveryStatus.DELIVERED}')
       ),
       picked as (
         select d.id, d.status as previous_status
           from ${t.delivery} d
          where d.id in (select id from ranked where rank <= slots)
            and (d.status = '${DeliveryStatus.PENDING}' or (d.status = '${DeliveryStatus.IN_FLIGHT}' and d.lease_expires_at < now()))
          order by d.next_attempt_at, d.event_sequence
          limit ?
          for update of d skip locked
       )
       update ${t.delivery}
          set status = '${DeliveryStatus.IN_FLIGHT}', attempts = ${t.delivery}.attempts + 1, claim_token = ?,
              lease_expires_at = now() + (? * interval '1 millisecond'),
              possibly_delivered = ${t.delivery}.possibly_delivered or picked.previous_status = '${DeliveryStatus.IN_FLIGHT}',
              updated_at = now()
         from picked
        where ${t.delivery}.id = picked.id
       returning ${t.delivery}.id, picked.previous_status`,
      [...probeIds, ConnectorDirection.OUT, limit, token, leaseMs],
    );
    for (const row of claimed) {
      if (row.previous_status === DeliveryStatus.IN_FLIGHT) await writeUnknownAttempt(tx, row.id, null, UNRECORDED);
    }
    return claimed;
  }, quietly(em));
  return { token, deliveryIds: rows.map((row) => row.id) };
}

async function writeUnknownAttempt(tx: EntityManager, deliveryId: string, startedAt: Date | null, error: string) {
  const attempts = tableOf(tx, DeliveryAttempt);
  await runStatement(
    tx,
    `insert into ${attempts} (id, delivery_id, number, started_at, finished_at, outcome, error)
     values (?, ?, (select count(*) + 1 from ${attempts} where delivery_id = ?), coalesce(?, now()), now(), '${AttemptOutcome.UNKNOWN}', ?)`,
    [uuidv7(), deliveryId, deliveryId, startedAt, error],
  );
}

/** The heartbeat: extends the leases of the claims this process still works on. Returns the ids of the deliveries it still holds. */
export async function renewLeases(em: EntityManager, tokens: readonly string[], leaseMs: number): Promise<Set<string>> {
  if (tokens.length === 0) return new Set();
  const rows = await selectRows<{ id: string }>(
    em,
    `update ${tableOf(em, Delivery)} set lease_expires_at = now() + (? * interval '1 millisecond')
      where status = '${DeliveryStatus.IN_FLIGHT}' and claim_token in (${placeholders(tokens)})
      returning id`,
    [leaseMs, ...tokens],
  );
  return new Set(rows.map((row) => row.id));
}

/**
 * Hands claims back at shutdown: due at once for any hub, marked possibly delivered (the request
 * was sent; the answer never came), the unknown attempt written down. Returns how many.
 */
export async function releaseClaims(
  em: EntityManager,
  claims: ReadonlyArray<{ deliveryId: string; claimToken: string; startedAt: Date }>,
): Promise<number> {
  if (claims.length === 0) return 0;
  return em.transactional(async (tx) => {
    let released = 0;
    for (const claim of claims) {
      const updated = await runStatement(
        tx,
        `update ${tableOf(tx, Delivery)} set status = '${DeliveryStatus.PENDING}', claim_token = null, lease_expires_at = null, possibly_delivered = true,
                next_attempt_at = now(), updated_at = now()
          where id = ? and claim_token = ?`,
        [claim.deliveryId, claim.claimToken],
      );
      if (updated === 0) continue;
      released += 1;
      await writeUnknownAttempt(
        tx,
        claim.deliveryId,
        claim.startedAt,
        'the hub shut down before the department system answered; sent again as possibly delivered',
      );
    }
    return released;
  }, quietly(em));
}
