import type { EntityManager } from '@mikro-orm/sql';
import { selectRows } from './sql-statements.js';

/** The database sequences the hub numbers things from. */
export type SequenceName = 'organisation_code_body_seq' | 'licence_serial_seq';

/** The next `count` numbers of a sequence in one round trip, as text, in the order they were drawn. */
export async function nextSequenceValues(em: EntityManager, sequence: SequenceName, count: number): Promise<string[]> {
  const rows = await selectRows<{ value: string }>(em, `select nextval(?::regclass)::text as value from generate_series(1, ?)`, [
    sequence,
    count,
  ]);
  return rows.map((row) => row.value);
}
