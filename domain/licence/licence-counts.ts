import type { EntityManager } from '@mikro-orm/sql';
import { addCalendarDays, todayInShanghai } from '../working-days.js';
import { licencesIssuedByType } from './licence-store.js';

export interface LicenceCounts {
  date: string;
  /** Licences issued that day (renewals included: each is a new licence version). */
  issued: number;
  issuedByType: Array<{ licenceTypeCode: string; count: number }>;
}

/** Licences issued on one Beijing-time day, counted by the database. */
export async function countLicencesIssued(em: EntityManager, date: string = todayInShanghai()): Promise<LicenceCounts> {
  const rows = await licencesIssuedByType(em, `${date}T00:00:00+08:00`, `${addCalendarDays(date, 1)}T00:00:00+08:00`);
  const issuedByType = rows.map((row) => ({ licenceTypeCode: row.licence_type_code, count: Number(row.count) }));
  return { date, issued: issuedByType.reduce((sum, row) => sum + row.count, 0), issuedByType };
}
