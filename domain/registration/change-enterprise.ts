import type { EntityManager } from '@mikro-orm/sql';
import { Enterprise } from '../../entities/enterprise.js';
import { EnterpriseChange } from '../../entities/enterprise-change.js';
import { Registration } from '../../entities/registration.js';
import { badUserInput } from '../errors.js';
import { reissueBusinessLicence } from '../licence/issue-business-licence.js';
import { licenceActor } from '../licence/licence-actor.js';
import { normalise, searchGrams } from '../search-grams.js';
import { todayInShanghai } from '../working-days.js';
import { actorName, type Principal } from '../auth/principal.js';
import { ACTIVE_NAME_INDEX, checkActiveNameFree } from './active-name.js';
import { EnterpriseEventType } from './enterprise-event.js';
import { checkEnterpriseFacts, type EnterpriseFacts } from './enterprise-input.js';
import { EnterpriseStatus } from '../../entities/enterprise-status.js';
import { checkDocument, checkVersion, lockForRegistration } from './lock-for-registration.js';
import { planHandOver, recordHandOver } from './hand-over.js';
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
 * the change to the same departments as a registration, all in one transaction.
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

  try {
    return await em.transactional(async (tx) => {
      const enterprise = await lockForRegistration(tx, principal, input.uscc, input.expectedVersion);
      if (enterprise.status !== EnterpriseStatus.ACTIVE) {
        throw badUserInput('uscc', `${enterprise.uscc} is ${enterprise.status.toLowerCase()}; only an active market entity can be changed`);
      }
      checkVersion(enterprise, input.expectedVersion);
      const changedFields = diff(enterprise, checked);
      if (changedFields.length === 0) throw badUserInput('changes', 'every value given is already the registered one');
      if (checked.name && checked.name !== enterprise.name) {
        await checkActiveNameFree(tx, principal.department.id, checked.name, 'changes.name', enterprise.id);
        enterprise.nameGrams = searchGrams(checked.name);
        enterprise.searchName = normalise(checked.name);
      }
      tx.assign(enterprise, checked);
      await tx.flush();
      await reissueBusinessLicence(tx, licenceActor(principal), enterprise, `change registration ${document}`);

      const plan = await planHandOver(tx, enterprise.kind, todayInShanghai(), principal.department);
      const registration = tx.create(Registration, {
        enterprise,
        kind: RegistrationKind.CHANGE,
        department: principal.department,
        clerk: principal.clerk,
        certificates: plan.certificates,
        document,
      });
      for (const change of changedFields) {
        tx.create(EnterpriseChange, { enterprise, registration, ...change, changedBy: actorName(principal), document });
      }
      // The events carry the version the change produced: the first flush above wrote it. The rest
      // is written by the commit's one flush.
      recordHandOver(tx, registration, enterprise, plan, EnterpriseEventType.CHANGED, changedFields);
      return { enterprise, registration, replayed: false };
    });
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
