import type { EntityManager } from '@mikro-orm/sql';
import { readRowsWithLists, type ChildList } from '../domain/read-rows.js';
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
 * (`loadEnterprisesWithLists`).
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

/** The child lists of a set of names, the same object for the same set: its statement is built once. */
export function enterpriseListsOf(lists: readonly EnterpriseList[]): Readonly<Record<string, ChildList>> {
  const set = [...new Set(lists)].sort().join(',');
  let chosen = chosenLists.get(set);
  if (!chosen) {
    chosen = Object.fromEntries(
      set
        .split(',')
        .filter(Boolean)
        .map((list) => [list, LISTS[list as EnterpriseList]]),
    );
    chosenLists.set(set, chosen);
  }
  return chosen;
}

const chosenLists = new Map<string, Readonly<Record<string, ChildList>>>();

/**
 * The enterprises with these USCCs (null where none has it), each read with the `lists` in the same
 * statement, which prime their own loaders.
 */
export async function loadEnterprisesWithLists(
  em: EntityManager,
  loaders: Loaders,
  usccs: readonly string[],
  lists: readonly EnterpriseList[],
): Promise<Array<Enterprise | null>> {
  const read = await readRowsWithLists(em, Enterprise, 'uscc', usccs, enterpriseListsOf(lists));
  for (const { row, lists: children } of read) {
    loaders.enterpriseByUscc.prime(row.uscc, row);
    primeEnterpriseLists(loaders, row, children);
  }
  const byUscc = new Map(read.map(({ row }) => [row.uscc, row]));
  return usccs.map((uscc) => byUscc.get(uscc) ?? null);
}

/**
 * Gives the lists read with an enterprise to the loaders its fields read them from, so those fields
 * (under the policy, as ever) find them there instead of sending a statement each.
 */
export function primeEnterpriseLists(loaders: Loaders, enterprise: Enterprise, lists: Partial<Record<string, object[]>>): void {
  const { licences, registrations, changes, trades, departmentFacts } = lists as Partial<Record<EnterpriseList, object[]>>;
  if (licences) loaders.licencesByEnterpriseId.prime(enterprise.id, licences as Licence[]);
  if (registrations) loaders.registrationsByEnterpriseId.prime(enterprise.id, registrations as Registration[]);
  if (changes) loaders.changesByEnterpriseId.prime(enterprise.id, changes as EnterpriseChange[]);
  if (trades) loaders.tradesWonByUscc.prime(enterprise.uscc, trades as Trade[]);
  if (departmentFacts) {
    const [record] = departmentFacts as SourcedRecord[];
    loaders.departmentFactsByUscc.prime(enterprise.uscc, record?.fields ?? {});
  }
}
