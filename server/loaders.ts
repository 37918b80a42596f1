import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/sql';
import { Clerk } from '../entities/clerk.js';
import { SourcedRecord } from '../entities/connector-sourced-record.js';
import { Department } from '../entities/department.js';
import { Enterprise } from '../entities/enterprise.js';
import { EnterpriseChange } from '../entities/enterprise-change.js';
import { Licence } from '../entities/licence.js';
import { LicenceStatusChange } from '../entities/licence-status-change.js';
import { LicenceType } from '../entities/licence-type.js';
import { LicenceUse } from '../entities/licence-use.js';
import { Registration } from '../entities/registration.js';
import { RegistrationReceipt } from '../entities/registration-receipt.js';
import { createTradeLoaders } from './trade-loaders.js';

/**
 * Per-request DataLoaders. A new set is made for every request (and every WebSocket operation)
 * so one principal's data is never served to another from a cache. Every relation a list can
 * ask for goes through one of these, so a page of 500 costs as many statements as a page of 50.
 */
export function createLoaders(em: EntityManager) {
  return {
    departmentById: new DataLoader<string, Department | null>((ids) => loadByIds(em, Department, ids)),
    clerkById: new DataLoader<string, Clerk | null>((ids) => loadByIds(em, Clerk, ids)),
    enterpriseById: new DataLoader<string, Enterprise | null>((ids) => loadByIds(em, Enterprise, ids)),
    licencesByEnterpriseId: new DataLoader<string, Licence[]>((ids) =>
      loadGrouped(em, Licence, 'enterprise', ids, (licence) => licence.enterprise?.id, { issuedAt: 'asc', id: 'asc' }),
    ),
    licenceById: new DataLoader<string, Licence | null>((ids) => loadByIds(em, Licence, ids)),
    licenceTypeByCode: new DataLoader<string, LicenceType | null>(async (codes) => {
      const types = await em.find(LicenceType, { code: { $in: [...codes] } });
      return codes.map((code) => types.find((type) => type.code === code) ?? null);
    }),
    statusChangesByLicenceId: new DataLoader<string, LicenceStatusChange[]>((ids) =>
      loadGrouped(em, LicenceStatusChange, 'licence', ids, (change) => change.licence.id, { changedAt: 'asc', id: 'asc' }),
    ),
    usesByLicenceId: new DataLoader<string, LicenceUse[]>((ids) =>
      loadGrouped(em, LicenceUse, 'licence', ids, (use) => use.licence.id, { usedAt: 'asc', id: 'asc' }),
    ),
    registrationsByEnterpriseId: new DataLoader<string, Registration[]>((ids) =>
      loadGrouped(em, Registration, 'enterprise', ids, (registration) => registration.enterprise.id, { registeredAt: 'asc', id: 'asc' }),
    ),
    changesByEnterpriseId: new DataLoader<string, EnterpriseChange[]>((ids) =>
      loadGrouped(em, EnterpriseChange, 'enterprise', ids, (change) => change.enterprise.id, { changedAt: 'asc', id: 'asc' }),
    ),
    receiptsByRegistrationId: new DataLoader<string, RegistrationReceipt[]>((ids) =>
      loadGrouped(em, RegistrationReceipt, 'registration', ids, (receipt) => receipt.registration.id, { id: 'asc' }),
    ),
    /** What the tax, social-insurance and statistics systems sent about enterprises, by USCC. */
    departmentFactsByUscc: new DataLoader<string, Record<string, unknown>>(async (usccs) => {
      const records = await em.find(SourcedRecord, { recordType: 'enterprise', naturalKey: { $in: [...usccs] } });
      const byUscc = new Map(records.map((record) => [record.naturalKey, record.fields]));
      return usccs.map((uscc) => byUscc.get(uscc) ?? {});
    }),
    ...createTradeLoaders(em),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

/** One query for the whole batch; results line up with the keys, missing ones as null. */
export async function loadByIds<T extends { id: string }>(
  em: EntityManager,
  entity: new (...args: never[]) => T,
  ids: readonly string[],
): Promise<Array<T | null>> {
  const rows = (await em.find(entity as never, { id: { $in: [...ids] } } as never)) as T[];
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => byId.get(id) ?? null);
}

/** One query for the children of a whole batch of parents, grouped by parent in the keys' order. */
export async function loadGrouped<T extends object>(
  em: EntityManager,
  entity: new (...args: never[]) => T,
  foreignKey: string,
  parentIds: readonly string[],
  parentIdOf: (row: T) => string | undefined,
  orderBy: Record<string, 'asc' | 'desc'>,
): Promise<T[][]> {
  const rows = (await em.find(entity as never, { [foreignKey]: { $in: [...parentIds] } } as never, { orderBy } as never)) as T[];
  const byParent = new Map<string, T[]>(parentIds.map((id) => [id, []]));
  for (const row of rows) byParent.get(parentIdOf(row) ?? '')?.push(row);
  return parentIds.map((id) => byParent.get(id) ?? []);
}
