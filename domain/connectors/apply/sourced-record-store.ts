import type { EntityManager } from '@mikro-orm/sql';
import { uuidv7 } from '../../../support/uuid-v7.js';
import { SourcedRecord } from '../../../entities/connector-sourced-record.js';
import { runStatement, tableOf } from '../../sql-statements.js';

/**
 * Makes sure the sourced record of (`recordType`, `naturalKey`) exists, empty if it is new; one
 * already there is left as it is. An INSERT … ON CONFLICT DO NOTHING, so two departments'
 * records arriving at once for a new key both find the row, to lock it and merge into it.
 */
export async function ensureSourcedRecord(tx: EntityManager, recordType: 'enterprise', naturalKey: string): Promise<void> {
  await runStatement(
    tx,
    `insert into ${tableOf(tx, SourcedRecord)} (id, record_type, natural_key, fields, sources, updated_at) values (?, '${recordType}', ?, '{}', '{}', now())
     on conflict (record_type, natural_key) do nothing`,
    [uuidv7(), naturalKey],
  );
}
