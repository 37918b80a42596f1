import type { EntityManager } from '@mikro-orm/sql';
import { Licence } from '../../entities/licence.js';
import { nextFromSequence } from '../sequence-blocks.js';
import { selectRows, tableOf } from '../sql-statements.js';

/** The licence statements the unit of work cannot say: the serial sequence and the day's issue counts. */

/** The next number of `licence_serial_seq`, as text: unique under concurrency, never handed out twice. */
export function nextLicenceSerialNumber(em: EntityManager): Promise<string> {
  return nextFromSequence(em, 'licence_serial_seq');
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
