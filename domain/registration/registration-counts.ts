import type { EntityManager } from '@mikro-orm/sql';
import { addCalendarDays, todayInShanghai } from '../working-days.js';
import { EnterpriseKind } from '../../entities/enterprise-kind.js';
import { RegistrationKind } from '../../entities/registration-kind.js';
import { registrationsByKind } from './registration-store.js';

export interface RegistrationCounts {
  /** The day counted, in Asia/Shanghai. */
  date: string;
  /** Establishments (设立) that day: the headline number. */
  established: number;
  changes: number;
  deregistrations: number;
  /** Establishments that day by kind of entity, every kind listed (zero included). */
  establishedByKind: Array<{ kind: EnterpriseKind; count: number }>;
}

/** Registration acts of one Beijing-time day, counted by the database. */
export async function countRegistrations(em: EntityManager, date: string = todayInShanghai()): Promise<RegistrationCounts> {
  const rows = await registrationsByKind(em, `${date}T00:00:00+08:00`, `${addCalendarDays(date, 1)}T00:00:00+08:00`);
  const total = (kind: RegistrationKind) =>
    rows.filter((row) => row.registration_kind === kind).reduce((sum, row) => sum + Number(row.count), 0);
  return {
    date,
    established: total(RegistrationKind.ESTABLISHMENT),
    changes: total(RegistrationKind.CHANGE),
    deregistrations: total(RegistrationKind.DEREGISTRATION),
    establishedByKind: Object.values(EnterpriseKind).map((kind) => ({
      kind,
      count: Number(
        rows.find((row) => row.registration_kind === RegistrationKind.ESTABLISHMENT && row.enterprise_kind === kind)?.count ?? 0,
      ),
    })),
  };
}
