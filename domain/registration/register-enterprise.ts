import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/sql';
import { Enterprise } from '../../entities/enterprise.js';
import { Registration } from '../../entities/registration.js';
import type { Principal } from '../auth/principal.js';
import { badUserInput, conflict, forbidden } from '../errors.js';
import { prepareBusinessLicence } from '../licence/issue-business-licence.js';
import { licenceActor } from '../licence/licence-actor.js';
import { searchGrams, normalise } from '../search-grams.js';
import { checkUsccArgument } from '../uscc-argument.js';
import { todayInShanghai } from '../working-days.js';
import { allocateUscc } from './allocate-uscc.js';
import { EnterpriseEventType } from './enterprise-event.js';
import { checkEnterpriseFacts, checkPastDate, type EnterpriseFacts } from './enterprise-input.js';
import { EnterpriseKind } from '../../entities/enterprise-kind.js';
import { RegistrationKind } from '../../entities/registration-kind.js';
import { handOverRows, planHandOver } from './hand-over.js';
import { ACTIVE_NAME_INDEX } from './active-name.js';
import { activeNameHolder } from './registration-store.js';
import { writeTogether, newRows } from '../write-together-store.js';
import { rememberWritten } from '../read-rows.js';
import { recordStatementCounts } from '../live-counts/changes.js';
import { Licence } from '../../entities/licence.js';
import { LicenceStatusChange } from '../../entities/licence-status-change.js';
import { RegistrationReceipt } from '../../entities/registration-receipt.js';
import { OutboxEvent } from '../../entities/outbox-event.js';
import { violatesUnique } from './unique-violation.js';

export interface RegisterEnterpriseInput extends EnterpriseFacts {
  kind: EnterpriseKind;
  establishedOn?: string | null;
  parentUscc?: string | null;
}

export interface RegistrationOutcome {
  enterprise: Enterprise;
  registration: Registration;
  /** True when the idempotency key had been used before and this is the first request's result. */
  replayed: boolean;
  /** The receipts this request wrote, as written (not on a replay). */
  receipts?: RegistrationReceipt[];
}

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{8,100}$/;

/**
 * Registers a market entity once, at one window (多证合一, 一照一码): allocates its USCC, issues its
 * business licence, records the registration with the certificates it stands for, and queues it for
 * every receiving department, all in one statement (see write-together-store.ts). Retrying with the same idempotency key
 * returns the first result; reusing the key for a different request is a conflict.
 */
export async function registerEnterprise(
  em: EntityManager,
  principal: Principal,
  input: RegisterEnterpriseInput,
  idempotencyKey: string,
): Promise<RegistrationOutcome> {
  const department = principal.department;
  if (!department.registersMarketEntities) {
    throw forbidden(`${department.name} does not register market entities`);
  }
  if (!IDEMPOTENCY_KEY.test(idempotencyKey)) {
    throw badUserInput('idempotencyKey', 'must be 8–100 printable ASCII characters without spaces (e.g. a UUID)');
  }
  const checked = checkRegistration(input);
  const requestHash = hashRequest(checked);

  const uscc = await allocateUscc(em, department.divisionCode ?? checked.divisionCode, checked.kind);
  const enterprise = Object.assign(new Enterprise(), {
    ...checked,
    uscc,
    nameGrams: searchGrams(checked.name),
    searchName: normalise(checked.name),
    registeringAuthority: department,
    version: 1,
  });
  const plan = await planHandOver(em, checked.kind, todayInShanghai(), department);
  const registration = Object.assign(new Registration(), {
    enterprise,
    kind: RegistrationKind.ESTABLISHMENT,
    department,
    clerk: principal.clerk,
    idempotencyKey,
    requestHash,
    certificates: plan.certificates,
  });
  const licence = await prepareBusinessLicence(em, licenceActor(principal), enterprise);
  const handOver = handOverRows(registration, enterprise, plan, EnterpriseEventType.REGISTERED);

  try {
    // One statement: everything a registration writes commits together, or nothing does.
    await writeTogether(em, [
      newRows(Enterprise, [enterprise]),
      newRows(Registration, [registration]),
      newRows(Licence, [licence.licence]),
      newRows(LicenceStatusChange, [licence.issued]),
      newRows(RegistrationReceipt, handOver.receipts),
      newRows(OutboxEvent, [...licence.events, ...handOver.events]),
    ]);
  } catch (error) {
    // Nothing is checked before the write: the unique indexes decide, and the usual registration
    // costs one round trip. A request with the same key committed earlier (a retry, a double
    // click) or concurrently: its result is the answer. The name taken: say by whom.
    const first = await findByIdempotencyKey(em.fork(), department.id, idempotencyKey, requestHash);
    if (first) return first;
    if (violatesUnique(error, ACTIVE_NAME_INDEX)) {
      const holder = await activeNameHolder(em.fork(), department.id, checked.name);
      throw badUserInput(
        'input.name',
        holder
          ? `${checked.name} is already the name of active market entity ${holder}`
          : `an active market entity registered by ${department.name} is already named ${checked.name}`,
      );
    }
    throw error;
  }
  recordStatementCounts(em, { kind: 'registration', departmentCode: department.code });
  recordStatementCounts(em, { kind: 'licence', departmentCode: department.code });
  rememberWritten(em, Enterprise, [enterprise]);
  rememberWritten(em, Licence, [licence.licence]);
  return { enterprise, registration, replayed: false, receipts: handOver.receipts };
}

interface CheckedRegistration extends EnterpriseFacts {
  kind: EnterpriseKind;
  establishedOn: string;
  parentUscc: string | null;
}

function checkRegistration(input: RegisterEnterpriseInput): CheckedRegistration {
  if (!Object.values(EnterpriseKind).includes(input.kind)) {
    throw badUserInput('input.kind', `must be one of ${Object.values(EnterpriseKind).join(', ')}`);
  }
  const facts = checkEnterpriseFacts(input, 'input');
  const establishedOn = input.establishedOn ? checkPastDate(input.establishedOn, 'input.establishedOn') : todayInShanghai();
  let parentUscc: string | null = null;
  if (input.kind === EnterpriseKind.BRANCH) {
    if (!input.parentUscc) throw badUserInput('input.parentUscc', 'a branch must name the USCC of the company it belongs to');
    parentUscc = checkUsccArgument(input.parentUscc, 'input.parentUscc');
  } else if (input.parentUscc) {
    throw badUserInput('input.parentUscc', 'only a branch (BRANCH) has a parent company');
  }
  return { ...facts, kind: input.kind, establishedOn, parentUscc, legalRepresentativeIdNumber: facts.legalRepresentativeIdNumber ?? null };
}

function hashRequest(checked: object): string {
  const canonical = JSON.stringify(Object.entries(checked).sort(([a], [b]) => a.localeCompare(b)));
  return createHash('sha256').update(canonical).digest('hex');
}

async function findByIdempotencyKey(
  em: EntityManager,
  departmentId: string,
  idempotencyKey: string,
  requestHash: string,
): Promise<RegistrationOutcome | null> {
  const registration = await em.findOne(Registration, { department: departmentId, idempotencyKey }, { populate: ['enterprise'] });
  if (!registration) return null;
  if (registration.requestHash !== requestHash) {
    throw conflict('idempotencyKey', 'was already used for a different registration request; use a new key for a new request');
  }
  return { enterprise: registration.enterprise, registration, replayed: true };
}
