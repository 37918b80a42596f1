import type { EntityManager } from '@mikro-orm/sql';
import { Enterprise } from '../../entities/enterprise.js';
import { EnterpriseChange } from '../../entities/enterprise-change.js';
import { Registration } from '../../entities/registration.js';
import { badUserInput } from '../errors.js';
import { prepareBusinessLicenceRenewal } from '../licence/issue-business-licence.js';
import { licenceActor } from '../licence/licence-actor.js';
import { normalise, searchGrams } from '../search-grams.js';
import { todayInShanghai } from '../working-days.js';
import { actorName, type Principal } from '../auth/principal.js';
import { ACTIVE_NAME_INDEX, checkActiveNameFree } from './active-name.js';
import { EnterpriseEventType } from './enterprise-event.js';
import { checkEnterpriseFacts, type EnterpriseFacts } from './enterprise-input.js';
import { EnterpriseStatus } from '../../entities/enterprise-status.js';
import { checkDocument, checkVersion, lockForRegistration } from './lock-for-registration.js';
import { handOverRows, planHandOver } from './hand-over.js';
import { changedRows, writeTogether, newRows } from '../write-together-store.js';
import { recordCountsChanged } from '../live-counts/changes.js';
import { rememberWritten } from '../read-rows.js';
import { Licence } from '../../entities/licence.js';
import { LicenceStatusChange } from '../../entities/licence-status-change.js';
import { RegistrationReceipt } from '../../entities/registration-receipt.js';
import { OutboxEvent } from '../../entities/outbox-event.js';
import type { RegistrationOutcome } from './register-enterprise.js';
import { RegistrationKind } from '../../entities/registration-kind.js';
import { violatesUnique } from './unique-violation.js';

export type EnterpriseChanges = Partial<{ [K in keyof EnterpriseFacts]: EnterpriseFacts[K] | null }>;

const CHANGEABLE_FIELDS: ReadonlyArray<keyof EnterpriseFacts> = [
  'name',
  'legalRepresentative',
  'legalRepresentativeIdNumber',
  'registeredCapitalWanYuan',
  'address',
  'divisionCode',
  'industryCode',
  'businessScope',
];

/** Fields whose old and new values the history keeps only as "changed" (conditional personal data). */
const UNDISCLOSED_IN_HISTORY = new Set<keyof EnterpriseFacts>(['legalRepresentativeIdNumber']);

/**
 * A change registration (变更): applies the changed facts to an active entity at the version the
 * clerk saw, keeps each changed field in the history, updates the business licence, and hands
 * the change to the same departments as a registration, all in one transaction: the entity and
 * its business licence are read and locked, and everything the change writes goes in one
 * statement (write-together-store.ts).
 */
export async function changeEnterprise(
  em: EntityManager,
  principal: Principal,
  input: { uscc: string; expectedVersion: number; changes: EnterpriseChanges; document: string },
): Promise<RegistrationOutcome> {
  const document = checkDocument(input.document, 'document');
  const requested = Object.fromEntries(
    Object.entries(input.changes ?? {}).filter(
      ([field, value]) => value !== undefined && value !== null && CHANGEABLE_FIELDS.includes(field as keyof EnterpriseFacts),
    ),
  ) as Partial<EnterpriseFacts>;
  const checked = checkEnterpriseFacts(requested, 'changes');
  if (Object.keys(checked).length === 0) throw badUserInput('changes', 'names no field to change');

  // The licences the change wrote, made known to the reads of the response once it has committed.
  let licences: Licence[] = [];
  try {
    const outcome = await em.transactional(async (tx) => {
      const enterprise = await lockForRegistration(tx, principal, input.uscc, input.expectedVersion, { plain: true });
      if (enterprise.status !== EnterpriseStatus.ACTIVE) {
        throw badUserInput('uscc', `${enterprise.uscc} is ${enterprise.status.toLowerCase()}; only an active market entity can be changed`);
      }
      checkVersion(enterprise, input.expectedVersion);
      const changedFields = diff(enterprise, checked);
      if (changedFields.length === 0) throw badUserInput('changes', 'every value given is already the registered one');
      const renamed = checked.name !== undefined && checked.name !== enterprise.name;
      if (renamed) await checkActiveNameFree(tx, principal.department.id, checked.name!, 'changes.name', enterprise.id);

      // The entity as the change leaves it, at the next version (it is locked: no one else moves it).
      Object.assign(enterprise, checked, { version: enterprise.version + 1, updatedAt: new Date() });
      if (renamed) Object.assign(enterprise, { nameGrams: searchGrams(enterprise.name), searchName: normalise(enterprise.name) });
      const renewal = await prepareBusinessLicenceRenewal(tx, licenceActor(principal), enterprise, `change registration ${document}`);
      const plan = await planHandOver(tx, enterprise.kind, todayInShanghai(), principal.department);
      const registration = Object.assign(new Registration(), {
        enterprise,
        kind: RegistrationKind.CHANGE,
        department: principal.department,
        clerk: principal.clerk,
        certificates: plan.certificates,
        document,
      });
      const changes = changedFields.map((change) =>
        Object.assign(new EnterpriseChange(), { enterprise, registration, ...change, changedBy: actorName(principal), document }),
      );
      const handOver = handOverRows(registration, enterprise, plan, EnterpriseEventType.CHANGED, changedFields);

      // One statement writes the change: the entity, its renewed licence, the registration, its history and hand-over.
      await writeTogether(tx, [
        changedRows(
          Enterprise,
          [enterprise],
          [
            ...changedFields.map((change) => change.field as keyof Enterprise & string),
            ...(renamed ? (['nameGrams', 'searchName'] as const) : []),
            'version',
            'updatedAt',
          ],
        ),
        ...(renewal
          ? [
              changedRows(Licence, [renewal.renewed], ['status', 'supersededBy']),
              newRows(Licence, [renewal.renewal]),
              newRows(LicenceStatusChange, renewal.history),
            ]
          : []),
        newRows(Registration, [registration]),
        newRows(EnterpriseChange, changes),
        newRows(RegistrationReceipt, handOver.receipts),
        newRows(OutboxEvent, [...(renewal?.events ?? []), ...handOver.events]),
      ]);
      recordCountsChanged(tx, { kind: 'registration', departmentCode: principal.department.code });
      // The counts by division move with the entity's division.
      if (checked.divisionCode !== undefined) recordCountsChanged(tx, { kind: 'registration' });
      if (renewal) {
        recordCountsChanged(tx, { kind: 'licence', departmentCode: principal.department.code });
        licences = [renewal.renewed, renewal.renewal];
      }
      return { enterprise, registration, replayed: false, receipts: handOver.receipts };
    });
    rememberWritten(em, Enterprise, [outcome.enterprise]);
    rememberWritten(em, Licence, licences);
    return outcome;
  } catch (error) {
    if (violatesUnique(error, ACTIVE_NAME_INDEX)) {
      throw badUserInput('changes.name', `${checked.name} is already the name of an active market entity`);
    }
    throw error;
  }
}

function diff(enterprise: Enterprise, checked: Partial<EnterpriseFacts>) {
  return CHANGEABLE_FIELDS.filter((field) => checked[field] !== undefined && checked[field] !== (enterprise[field] ?? null)).map((field) =>
    UNDISCLOSED_IN_HISTORY.has(field)
      ? { field, oldValue: null, newValue: null }
      : { field, oldValue: (enterprise[field] as string | null) ?? null, newValue: checked[field] as string },
  );
}
