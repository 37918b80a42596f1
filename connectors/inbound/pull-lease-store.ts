import type { EntityManager } from '@mikro-orm/sql';
import { Connector } from '../../entities/connector.js';
import { ConnectorKind } from '../../entities/connector-kind.js';
import { runStatement, selectRows, tableOf } from '../../domain/sql-statements.js';

/**
 * The statements of a pull connector's lease (pull-lease.ts): conditional UPDATEs of the lease
 * columns on the connector row. Every write of a pass names its owner and says whether it still
 * held the lease (`false`: someone else took it over).
 */
export interface PullLeaseHolder {
  connectorId: string;
  owner: string;
}

/** Takes the lease for `leaseMs` if nobody holds it and the next pass is due; the cursor the previous pass left, or null when not taken. */
export async function takePullLease(
  em: EntityManager,
  holder: PullLeaseHolder,
  leaseMs: number,
): Promise<{ cursor: string | null } | null> {
  const rows = await selectRows<{ cursor: string | null }>(
    em,
    `update ${tableOf(em, Connector)}
          set pull_lease_owner = ?, pull_lease_until = now() + cast(? as integer) * interval '1 millisecond'
        where id = ? and enabled and kind in (?, ?)
          and (pull_lease_until is null or pull_lease_until <= now())
        returning cursor`,
    [holder.owner, leaseMs, holder.connectorId, ConnectorKind.REST_PULL, ConnectorKind.SQL_PULL],
  );
  return rows.length === 0 ? null : { cursor: rows[0].cursor ?? null };
}

/** Where the next pass resumes, and that this one got that far. */
export function savePullCursor(em: EntityManager, holder: PullLeaseHolder, cursor: string | null): Promise<boolean> {
  return ownedUpdate(em, holder, `cursor = ?, last_success_at = now()`, [cursor]);
}

/** The pass read its feed to the end. */
export function recordPullSucceeded(em: EntityManager, holder: PullLeaseHolder): Promise<boolean> {
  return ownedUpdate(em, holder, `last_success_at = now()`, []);
}

/** Extends the lease by `leaseMs` from now. */
export async function renewPullLease(em: EntityManager, holder: PullLeaseHolder, leaseMs: number): Promise<boolean> {
  const rows = await selectRows(
    em,
    `update ${tableOf(em, Connector)} set pull_lease_until = now() + cast(? as integer) * interval '1 millisecond'
          where id = ? and pull_lease_owner = ? returning id`,
    [leaseMs, holder.connectorId, holder.owner],
  );
  return rows.length > 0;
}

/** Gives the lease up; the next pass, in any process, is due in `nextPassInMs`. */
export async function releasePullLease(em: EntityManager, holder: PullLeaseHolder, nextPassInMs: number): Promise<void> {
  await runStatement(
    em,
    `update ${tableOf(em, Connector)} set pull_lease_owner = null, pull_lease_until = now() + cast(? as integer) * interval '1 millisecond'
        where id = ? and pull_lease_owner = ?`,
    [nextPassInMs, holder.connectorId, holder.owner],
  );
}

async function ownedUpdate(em: EntityManager, holder: PullLeaseHolder, assignments: string, params: unknown[]): Promise<boolean> {
  const rows = await selectRows(
    em,
    `update ${tableOf(em, Connector)} set ${assignments} where id = ? and pull_lease_owner = ? returning id`,
    [...params, holder.connectorId, holder.owner],
  );
  return rows.length > 0;
}
