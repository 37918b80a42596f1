import type { EntityManager } from '@mikro-orm/sql';
import { Licence } from '../../entities/licence.js';
import { selectRows, tableOf } from '../sql-statements.js';

/** The licence statements the unit of work cannot say: the serial sequence and the day's issue counts. */

/** The next number of `licence_serial_seq`, as text: unique under concurrency, never handed out twice. */
export async function nextLicenceSerialNumber(em: EntityManager): Promise<string> {
  const [row] = await selectRows<{ next: string }>(em, `select nextval('licence_serial_seq')::text as next`);
  return row.next;
}

/** Licences issued from `start` (inclusive) to `end` (exclusive), counted per licence type in code order. */
export function licencesIssuedByType(
  em: EntityManager,
  start: string,
  end: string,
): Promise<Array<{ licence_type_code: string; count: string }>> {
  return selectRows<{ licence_type_code: string; count: string }>(
    em,
    `select licence_type_code, count(*)::text as count from ${tableOf(em, Licence)}
      where issued_at >= ?::timestamptz and issued_at < ?::timestamptz
      group by licence_type_code order by licence_type_code`,
    [start, end],
  );
}
