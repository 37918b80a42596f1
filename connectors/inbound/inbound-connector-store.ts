import type { EntityManager } from '@mikro-orm/sql';
import { Connector } from '../../entities/connector.js';
import { runStatement, tableOf } from '../../domain/sql-statements.js';

/** The health columns of an inbound connector's row, as its webhook and pull passes report them. */

/** Records came in (a webhook request was taken). */
export async function recordInboundSuccess(em: EntityManager, connectorId: string): Promise<void> {
  await runStatement(em, `update ${tableOf(em, Connector)} set last_success_at = now() where id = ?`, [connectorId]);
}

/** A pull pass failed with `message`. */
export async function recordInboundFailure(em: EntityManager, connectorId: string, message: string): Promise<void> {
  await runStatement(em, `update ${tableOf(em, Connector)} set last_failure_at = now(), last_error = ? where id = ?`, [
    message,
    connectorId,
  ]);
}
