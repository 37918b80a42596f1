import type { EntityManager } from '@mikro-orm/sql';
import { todayInShanghai } from '../working-days.js';

/**
 * The serial part of an identifier: the issue date and a number from a database sequence
 * (e.g. 2026112300000042), unique under concurrency and readable on a printed licence.
 */
export async function nextLicenceSerial(em: EntityManager): Promise<string> {
  const [row] = await em.execute<Array<{ next: string }>>(`select nextval('licence_serial_seq')::text as next`);
  return todayInShanghai().replaceAll('-', '') + row.next.padStart(8, '0');
}
