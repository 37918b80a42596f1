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

/**
 * The enterprises with these USCCs (null where none has it), each read with the `lists` in the same
 * statement. The lists prime their own loaders, so the fields that read them (under the policy, as
 * ever) find them there instead of sending a statement each.
 */
export async function loadEnterprisesWithLists(
  em: EntityManager,
  loaders: Loaders,
  usccs: readonly string[],
  lists: readonly EnterpriseList[],
): Promise<Array<Enterprise | null>> {
  const wanted = Object.fromEntries(lists.map((list) => [list, LISTS[list]])) as Record<EnterpriseList, ChildList>;
  const read = await readRowsWithLists(em, Enterprise, 'uscc', usccs, wanted);
  for (const { row: enterprise, lists: listsRead } of read) {
    const children: Partial<Record<EnterpriseList, object[]>> = listsRead;
    loaders.enterpriseByUscc.prime(enterprise.uscc, enterprise);
    if (children.licences) loaders.licencesByEnterpriseId.prime(enterprise.id, children.licences as Licence[]);
    if (children.registrations) loaders.registrationsByEnterpriseId.prime(enterprise.id, children.registrations as Registration[]);
    if (children.changes) loaders.changesByEnterpriseId.prime(enterprise.id, children.changes as EnterpriseChange[]);
    if (children.trades) loaders.tradesWonByUscc.prime(enterprise.uscc, children.trades as Trade[]);
    if (children.departmentFacts) {
      const [record] = children.departmentFacts as SourcedRecord[];
      loaders.departmentFactsByUscc.prime(enterprise.uscc, record?.fields ?? {});
    }
  }
  const byUscc = new Map(read.map(({ row }) => [row.uscc, row]));
  return usccs.map((uscc) => byUscc.get(uscc) ?? null);
}
