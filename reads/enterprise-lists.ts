import type { EntityManager } from '@mikro-orm/sql';
import { readRowsWithLists, selectedColumns, type ChildList } from '../domain/read-rows.js';
import { SourcedRecord } from '../entities/connector-sourced-record.js';
import { Enterprise } from '../entities/enterprise.js';
import { EnterpriseChange } from '../entities/enterprise-change.js';
import { Licence } from '../entities/licence.js';
import { Registration } from '../entities/registration.js';
import { Trade } from '../entities/trade.js';
import { TradeStatus } from '../entities/trade-status.js';
import type { ChildrenQuery } from './batch-queries.js';
import type { Loaders } from './loaders.js';

/**
 * The lists an enterprise's fields read, each defined once: their own loaders read them by parent
 * key, and a lookup that selects them reads them with the enterprise in one statement
 * (`loadEnterprisesWithLists`), with only the columns its selection needs.
 */
export const LICENCES_OF_ENTERPRISE: ChildrenQuery<Licence> = {
  parentKey: 'enterprise',
  parentOf: (licence) => licence.enterprise?.id,
  orderBy: { issuedAt: 'asc', id: 'asc' },
};

export const REGISTRATIONS_OF_ENTERPRISE: ChildrenQuery<Registration> = {
  parentKey: 'enterprise',
  parentOf: (registration) => registration.enterprise.id,
  orderBy: { registeredAt: 'asc', id: 'asc' },
};

export const CHANGES_OF_ENTERPRISE: ChildrenQuery<EnterpriseChange> = {
  parentKey: 'enterprise',
  parentOf: (change) => change.enterprise.id,
  orderBy: { changedAt: 'asc', id: 'asc' },
};

/** Trades an enterprise won, newest deal first: joined on the USCC, so a later registration links them. */
export const TRADES_WON_BY_ENTERPRISE: ChildrenQuery<Trade> = {
  parentKey: 'winnerUscc',
  parentOf: (trade) => trade.winnerUscc,
  equal: { status: TradeStatus.AWARDED },
  orderBy: { dealOn: 'desc', code: 'asc' },
};

/** What the tax, social-insurance and statistics systems sent about an enterprise: one record per USCC. */
export const DEPARTMENT_FACTS_OF_ENTERPRISE = { parentKey: 'naturalKey', equal: { recordType: 'enterprise' } } as const;

/** The lists a query can select on an enterprise, by what its fields call them. */
export type EnterpriseList = 'licences' | 'registrations' | 'changes' | 'trades' | 'departmentFacts';

const LISTS: Readonly<Record<EnterpriseList, ChildList>> = {
  licences: { entity: Licence, ...LICENCES_OF_ENTERPRISE },
  registrations: { entity: Registration, ...REGISTRATIONS_OF_ENTERPRISE },
  changes: { entity: EnterpriseChange, ...CHANGES_OF_ENTERPRISE },
  trades: { entity: Trade, ...TRADES_WON_BY_ENTERPRISE, parentProperty: 'uscc' },
  departmentFacts: { entity: SourcedRecord, ...DEPARTMENT_FACTS_OF_ENTERPRISE, parentProperty: 'uscc' },
};

/**
 * What a read of enterprises reads: their columns (every one when `properties` is undefined) and
 * the lists their fields read, each with its columns (read-rows.ts, selectedColumns).
 */
export interface EnterpriseRead {
  properties: readonly string[] | undefined;
  lists: Readonly<Record<string, ChildList>>;
}

/** A list to read with an enterprise and the columns its selection needs (undefined: every one). */
export interface ListSelected {
  list: EnterpriseList;
  columns?: Iterable<string>;
}

/**
 * The read of enterprises with `columns` (undefined: every one) and `lists`: the same object for
 * the same read, so its statement is built once and its loader is shared by the fields that ask
 * for the same.
 */
export function enterpriseReadOf(em: EntityManager, columns: Iterable<string> | undefined, lists: readonly ListSelected[]): EnterpriseRead {
  const properties = columns && selectedColumns(em, Enterprise, columns);
  const chosen = [...new Map(lists.map(({ list, columns: listColumns }) => [list, listColumns])).entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([list, listColumns]) => ({ list, properties: listColumns && selectedColumns(em, LISTS[list].entity, listColumns) }));
  const key = [properties, ...chosen.map(({ list, properties: listProperties }) => [list, listProperties])]
    .map((part) => JSON.stringify(part ?? '*'))
    .join(';');
  let read = reads.get(key);
  if (!read) {
    if (reads.size >= MAX_READS) reads.clear();
    read = {
      properties,
      lists: Object.fromEntries(
        chosen.map(({ list, properties: listProperties }) => [
          list,
          listProperties ? { ...LISTS[list], properties: listProperties } : LISTS[list],
        ]),
      ),
    };
    reads.set(key, read);
  }
  return read;
}

/** Whether a read takes every column of the enterprises and of each of their lists. */
export function isWhole(read: EnterpriseRead): boolean {
  return read.properties === undefined && Object.values(read.lists).every((list) => list.properties === undefined);
}

/** Reads kept; a client sending ever new selections makes the cache start afresh, not grow. */
const MAX_READS = 500;
const reads = new Map<string, EnterpriseRead>();

/**
 * The enterprises with these USCCs (null where none has it), each read as `read` says in one
 * statement, with the lists they carry kept for their fields.
 */
export async function loadEnterprisesWithLists(
  em: EntityManager,
  loaders: Loaders,
  usccs: readonly string[],
  read: EnterpriseRead,
): Promise<Array<Enterprise | null>> {
  const rows = await readRowsWithLists(em, Enterprise, 'uscc', usccs, read.lists, read.properties);
  for (const { row, lists: children } of rows) {
    // An enterprise read with only some columns, or carrying lists read so, is the selection's own, not every field's.
    if (isWhole(read)) loaders.enterpriseByUscc.prime(row.uscc, row);
    keepEnterpriseLists(loaders, row, children, read);
  }
  const byUscc = new Map(rows.map(({ row }) => [row.uscc, row]));
  return usccs.map((uscc) => byUscc.get(uscc) ?? null);
}

/**
 * Keeps the lists read with an enterprise for its fields, which (under the policy, as ever) take
 * them from here instead of sending a statement each (listReadWith). A list read with every
 * column also primes its loader, for any other field that reaches the same enterprise; one read
 * with only some columns is the selection's own.
 */
export function keepEnterpriseLists(
  loaders: Loaders,
  enterprise: Enterprise,
  lists: Partial<Record<string, object[]>>,
  read: EnterpriseRead,
): void {
  (enterprise as ListsCarrier)[LISTS_READ] = lists;
  const whole = (list: EnterpriseList) => read.lists[list]?.properties === undefined;
  const { licences, registrations, changes, trades, departmentFacts } = lists as Partial<Record<EnterpriseList, object[]>>;
  if (licences && whole('licences')) loaders.licencesByEnterpriseId.prime(enterprise.id, licences as Licence[]);
  if (registrations && whole('registrations')) loaders.registrationsByEnterpriseId.prime(enterprise.id, registrations as Registration[]);
  if (changes && whole('changes')) loaders.changesByEnterpriseId.prime(enterprise.id, changes as EnterpriseChange[]);
  if (trades && whole('trades')) loaders.tradesWonByUscc.prime(enterprise.uscc, trades as Trade[]);
  if (departmentFacts) {
    const [record] = departmentFacts as SourcedRecord[];
    loaders.departmentFactsByUscc.prime(enterprise.uscc, record?.fields ?? {});
  }
}

/**
 * The lists read with an enterprise object, kept on the object itself (read objects are per
 * request) under a symbol no field, JSON or key listing sees. A WeakMap kept them before: giving
 * each of a page's objects its identity hash cost more than the lists' whole bookkeeping.
 */
const LISTS_READ = Symbol('lists read with this enterprise');
type ListsCarrier = { [LISTS_READ]?: Partial<Record<string, object[]>> };

/** The list `list` read with this enterprise object, if it was read with it. */
export function listReadWith<T>(enterprise: Enterprise, list: EnterpriseList): T[] | undefined {
  return (enterprise as ListsCarrier)[LISTS_READ]?.[list] as T[] | undefined;
}
