import type { EntityManager } from '@mikro-orm/sql';
import type { Department } from '../../entities/department.js';
import type { Enterprise } from '../../entities/enterprise.js';
import type { CertificateHandOver, Registration } from '../../entities/registration.js';
import { RegistrationReceipt } from '../../entities/registration-receipt.js';
import { newOutboxEvents, recordOutboxEvents, type NewOutboxEvent } from '../outbox/record-event.js';
import type { OutboxEvent } from '../../entities/outbox-event.js';
import { certificatesInForce } from './integrated-certificates.js';
import { ENTERPRISE_PAYLOAD_VERSION, enterpriseEventPayload } from './enterprise-event.js';
import type { EnterpriseKind } from '../../entities/enterprise-kind.js';

const BUSINESS_LICENCE = { code: 'BUSINESS_LICENCE', name: '营业执照' };

export interface HandOverPlan {
  /** Every certificate the registration stands for, the business licence first. */
  certificates: CertificateHandOver[];
  /** The departments that must take the registration into their own systems, with their certificates. */
  receivers: Array<{ department: Department; certificateCodes: string[] }>;
}

/**
 * Who receives a registration of an entity of `kind` on `date` (多证合一): the departments of the
 * certificates the business licence integrates that day, except the registering department itself.
 */
export async function planHandOver(
  em: EntityManager,
  kind: EnterpriseKind,
  date: string,
  registeringDepartment: Department,
): Promise<HandOverPlan> {
  const inForce = await certificatesInForce(em, kind, date);
  const certificates: CertificateHandOver[] = inForce.map((certificate) => ({
    code: certificate.code,
    name: certificate.name,
    departmentCode: certificate.department.code,
  }));
  if (!certificates.some((certificate) => certificate.code === BUSINESS_LICENCE.code)) {
    certificates.unshift({ ...BUSINESS_LICENCE, departmentCode: registeringDepartment.code });
  }
  const receivers = new Map<string, { department: Department; certificateCodes: string[] }>();
  for (const certificate of inForce) {
    if (certificate.department.id === registeringDepartment.id) continue;
    const receiver = receivers.get(certificate.department.id) ?? { department: certificate.department, certificateCodes: [] };
    receiver.certificateCodes.push(certificate.code);
    receivers.set(certificate.department.id, receiver);
  }
  return { certificates, receivers: [...receivers.values()] };
}

/**
 * Queues the registration for every receiver: a PENDING receipt (the connectors move it on) and an
 * outbox event, in the caller's transaction.
 */
export function recordHandOver(
  em: EntityManager,
  registration: Registration,
  enterprise: Enterprise,
  plan: HandOverPlan,
  eventType: string,
  changedFields?: Array<{ field: string; oldValue: string | null; newValue: string | null }>,
): void {
  for (const { department, certificateCodes } of plan.receivers) {
    em.create(RegistrationReceipt, { registration, department, certificateCodes });
    recordOutboxEvents(em, handOverEvent(registration, enterprise, certificateCodes, eventType, changedFields), [department]);
  }
}

/** The receipts and outbox events `recordHandOver` queues, as new rows for the caller to write with its own. */
export function handOverRows(
  registration: Registration,
  enterprise: Enterprise,
  plan: HandOverPlan,
  eventType: string,
  changedFields?: Array<{ field: string; oldValue: string | null; newValue: string | null }>,
): { receipts: RegistrationReceipt[]; events: OutboxEvent[] } {
  const receipts: RegistrationReceipt[] = [];
  const events: OutboxEvent[] = [];
  for (const { department, certificateCodes } of plan.receivers) {
    receipts.push(Object.assign(new RegistrationReceipt(), { registration, department, certificateCodes }));
    events.push(...newOutboxEvents(handOverEvent(registration, enterprise, certificateCodes, eventType, changedFields), [department]));
  }
  return { receipts, events };
}

function handOverEvent(
  registration: Registration,
  enterprise: Enterprise,
  certificateCodes: string[],
  eventType: string,
  changedFields?: Array<{ field: string; oldValue: string | null; newValue: string | null }>,
): NewOutboxEvent {
  return {
    eventType,
    aggregateType: 'enterprise',
    aggregateKey: enterprise.uscc,
    payload: enterpriseEventPayload(enterprise, registration, { certificateCodes, changedFields }),
    payloadVersion: ENTERPRISE_PAYLOAD_VERSION,
  };
}
