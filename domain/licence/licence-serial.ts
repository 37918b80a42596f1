import type { EntityManager } from '@mikro-orm/sql';
import { todayInShanghai } from '../working-days.js';
import { nextLicenceSerialNumber } from './licence-store.js';

/**
 * The serial part of an identifier: the issue date and a number from a database sequence
 * (e.g. 2026112300000042), unique under concurrency and readable on a printed licence.
 */
export async function nextLicenceSerial(em: EntityManager): Promise<string> {
  return todayInShanghai().replaceAll('-', '') + (await nextLicenceSerialNumber(em)).padStart(8, '0');
}
