import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/sql';
import { referenceDataOf } from '../domain/reference-data/reference-data.js';
import { connectorFigures, type ConnectorFigures } from '../domain/connectors/connector-figures.js';
import { CaseStatusChange } from '../entities/case-status-change.js';
import { Clerk } from '../entities/clerk.js';
import { Connector } from '../entities/connector.js';
import { SourcedRecord } from '../entities/connector-sourced-record.js';
import { DeliveryAttempt } from '../entities/delivery-attempt.js';
import { Department } from '../entities/department.js';
import { Enterprise } from '../entities/enterprise.js';
import { EnterpriseChange } from '../entities/enterprise-change.js';
import { Licence } from '../entities/licence.js';
import { LicenceStatusChange } from '../entities/licence-status-change.js';
import { LicenceType } from '../entities/licence-type.js';
import { LicenceUse } from '../entities/licence-use.js';
import { MatterVersion } from '../entities/matter-version.js';
import { Registration } from '../entities/registration.js';
import { RegistrationReceipt } from '../entities/registration-receipt.js';
import { Trade } from '../entities/trade.js';
import { TradeStatusChange } from '../entities/trade-status-change.js';
import { loadByIds, loadByKey, loadChildrenByParent } from './batch-queries.js';
import {
  CHANGES_OF_ENTERPRISE,
  DEPARTMENT_FACTS_OF_ENTERPRISE,
  LICENCES_OF_ENTERPRISE,
  loadEnterprisesWithLists,
  REGISTRATIONS_OF_ENTERPRISE,
  TRADES_WON_BY_ENTERPRISE,
  type EnterpriseRead,
} from './enterprise-lists.js';
import { readRowsByKeys } from '../domain/read-rows.js';

/**
 * Every DataLoader a request may use, declared in this one place. The set is made for every
 * request (and every WebSocket operation) so one principal's data is never served to another from
 * a cache; each loader is made on its first use, since most requests touch only a few. Every
 * relation a list can ask for goes through one of these, so a page of 500 costs as many
 * statements as a page of 50.
 */
function loaderFactories(em: EntityManager, loaders: () => Loaders) {
  return {
    departmentById: () =>
      new DataLoader<string, Department | null>((ids) => referenceDataOf(em)?.departmentsById(ids) ?? loadByIds(em, Department, ids)),
    clerkById: () => new DataLoader<string, Clerk | null>((ids) => loadByIds(em, Clerk, ids)),

    // Enterprises and what hangs off them
    enterpriseById: () => new DataLoader<string, Enterprise | null>((ids) => loadByIds(em, Enterprise, ids)),
    /** The registered enterprise with a USCC (a lookup, a trade's winner or agency), or null while none has it here. */
    enterpriseByUscc: () =>
      new DataLoader<string, Enterprise | null>((usccs) => loadByKey(em, Enterprise, 'uscc', usccs, (enterprise) => enterprise.uscc)),
    /** enterpriseByUscc reading the enterprise's columns and lists a selection asks for, one statement per batch: a loader per read. */
    enterpriseByUsccWith: () => {
      const byRead = new Map<EnterpriseRead, DataLoader<string, Enterprise | null>>();
      return (read: EnterpriseRead) => {
        let loader = byRead.get(read);
        if (!loader) {
          loader = new DataLoader((usccs) => loadEnterprisesWithLists(em, loaders(), usccs, read));
          byRead.set(read, loader);
        }
        return loader;
      };
    },
    registrationsByEnterpriseId: () =>
      new DataLoader<string, Registration[]>((ids) => loadChildrenByParent(em, Registration, REGISTRATIONS_OF_ENTERPRISE, ids)),
    changesByEnterpriseId: () =>
      new DataLoader<string, EnterpriseChange[]>((ids) => loadChildrenByParent(em, EnterpriseChange, CHANGES_OF_ENTERPRISE, ids)),
    receiptsByRegistrationId: () =>
      new DataLoader<string, RegistrationReceipt[]>((ids) =>
        loadChildrenByParent(
          em,
          RegistrationReceipt,
          { parentKey: 'registration', parentOf: (receipt) => receipt.registration.id, orderBy: { id: 'asc' } },
          ids,
        ),
      ),
    /** What the tax, social-insurance and statistics systems sent about enterprises, by USCC. */
    departmentFactsByUscc: () =>
      new DataLoader<string, Record<string, unknown>>(async (usccs) => {
        const records = await readRowsByKeys(em, SourcedRecord, 'naturalKey', usccs, { equal: DEPARTMENT_FACTS_OF_ENTERPRISE.equal });
        const byUscc = new Map(records.map((record) => [record.naturalKey, record.fields]));
        return usccs.map((uscc) => byUscc.get(uscc) ?? {});
      }),

    // Licences
    licenceById: () => new DataLoader<string, Licence | null>((ids) => loadByIds(em, Licence, ids)),
    licencesByEnterpriseId: () =>
      new DataLoader<string, Licence[]>((ids) => loadChildrenByParent(em, Licence, LICENCES_OF_ENTERPRISE, ids)),
    licenceTypeByCode: () =>
      new DataLoader<string, LicenceType | null>((codes) => {
        const referenceData = referenceDataOf(em);
        if (referenceData) return Promise.all(codes.map((code) => referenceData.licenceType(code)));
        return loadByKey(em, LicenceType, 'code', codes, (type) => type.code);
      }),
    statusChangesByLicenceId: () =>
      new DataLoader<string, LicenceStatusChange[]>((ids) =>
        loadChildrenByParent(
          em,
          LicenceStatusChange,
          { parentKey: 'licence', parentOf: (change) => change.licence.id, orderBy: { changedAt: 'asc', id: 'asc' } },
          ids,
        ),
      ),
    usesByLicenceId: () =>
      new DataLoader<string, LicenceUse[]>((ids) =>
        loadChildrenByParent(
          em,
          LicenceUse,
          { parentKey: 'licence', parentOf: (use) => use.licence.id, orderBy: { usedAt: 'asc', id: 'asc' } },
          ids,
        ),
      ),

    // Trading
    /** Trades an enterprise won, newest deal first: joined on the USCC, so a later registration links them. */
    tradesWonByUscc: () => new DataLoader<string, Trade[]>((usccs) => loadChildrenByParent(em, Trade, TRADES_WON_BY_ENTERPRISE, usccs)),
    tradeStatusHistoryByTradeId: () =>
      new DataLoader<string, TradeStatusChange[]>((ids) =>
        loadChildrenByParent(
          em,
          TradeStatusChange,
          { parentKey: 'trade', parentOf: (change) => change.trade.id, orderBy: { changedAt: 'asc', id: 'asc' } },
          ids,
        ),
      ),

    // Cases and the matters catalog
    matterVersionById: () => new DataLoader<string, MatterVersion | null>((ids) => loadByIds(em, MatterVersion, ids)),
    historyByCaseId: () =>
      new DataLoader<string, CaseStatusChange[]>((ids) =>
        loadChildrenByParent(
          em,
          CaseStatusChange,
          { parentKey: 'serviceCase', parentOf: (change) => change.serviceCase.id, orderBy: { changedAt: 'asc', id: 'asc' } },
          ids,
        ),
      ),
    /** Every version of each matter, oldest first: its adjustment history. */
    historyByMatterId: () =>
      new DataLoader<string, MatterVersion[]>((ids) =>
        loadChildrenByParent(
          em,
          MatterVersion,
          { parentKey: 'matter', parentOf: (version) => version.matter.id, orderBy: { sequence: 'asc' } },
          ids,
        ),
      ),

    // Connectors
    connectorById: () => new DataLoader<string, Connector | null>((ids) => loadByIds(em, Connector, ids)),
    healthByConnectorId: () => new DataLoader<string, ConnectorFigures>((ids) => connectorFigures(em, ids)),
    attemptsByDeliveryId: () =>
      new DataLoader<string, DeliveryAttempt[]>((ids) =>
        loadChildrenByParent(
          em,
          DeliveryAttempt,
          { parentKey: 'delivery', parentOf: (attempt) => attempt.delivery.id, orderBy: { number: 'asc', startedAt: 'asc' } },
          ids,
        ),
      ),
  };
}

type LoaderFactories = ReturnType<typeof loaderFactories>;

/** This request's loaders, one property per loader. */
export type Loaders = { readonly [Name in keyof LoaderFactories]: ReturnType<LoaderFactories[Name]> };

/** A new, empty set of loaders over `em`: call it per request, never share the result. */
export function createLoaders(em: EntityManager): Loaders {
  return new RequestLoaders(em) as unknown as Loaders;
}

/**
 * One request's loaders, each made on first use. The getters live on the prototype, made once per
 * process: a request that reads one relation makes one object, not a property per loader.
 */
class RequestLoaders {
  private factories: LoaderFactories | undefined;
  private readonly made: Partial<Record<keyof LoaderFactories, unknown>> = {};

  constructor(private readonly em: EntityManager) {}

  loader(name: keyof LoaderFactories): unknown {
    return (this.made[name] ??= (this.factories ??= loaderFactories(this.em, () => this as unknown as Loaders))[name]());
  }
}

// The names, from a set of factories that is never called.
for (const name of Object.keys(loaderFactories(undefined as never, () => undefined as never)) as Array<keyof LoaderFactories>) {
  Object.defineProperty(RequestLoaders.prototype, name, {
    enumerable: true,
    get(this: RequestLoaders) {
      return this.loader(name);
    },
  });
}
