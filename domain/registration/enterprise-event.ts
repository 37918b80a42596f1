import type { Enterprise } from '../../entities/enterprise.js';
import type { Registration } from '../../entities/registration.js';

/** Outbox event types of the enterprise registry; receivers switch on them. */
export const EnterpriseEventType = {
  REGISTERED: 'enterprise.registered',
  CHANGED: 'enterprise.changed',
  DEREGISTERED: 'enterprise.deregistered',
  /** 吊销: the business licence was revoked. */
  REVOKED: 'enterprise.revoked',
} as const;

/**
 * Version of the payload below. Receivers read it from the event envelope; raise it when a field
 * changes meaning or disappears (adding a field does not need a new version).
 */
export const ENTERPRISE_PAYLOAD_VERSION = 1;

/**
 * What a receiving department's system gets about an enterprise: the registered facts, never the
 * legal representative's ID number (that is conditional data under the sharing policy).
 */
export function enterpriseEventPayload(
  enterprise: Enterprise,
  registration: Registration,
  extra: { certificateCodes: string[]; changedFields?: Array<{ field: string; oldValue: string | null; newValue: string | null }> },
): Record<string, unknown> {
  return {
    registrationId: registration.id,
    registrationKind: registration.kind,
    registeredAt: registration.registeredAt.toISOString(),
    document: registration.document ?? null,
    certificateCodes: extra.certificateCodes,
    ...(extra.changedFields ? { changedFields: extra.changedFields } : {}),
    enterprise: {
      uscc: enterprise.uscc,
      name: enterprise.name,
      kind: enterprise.kind,
      legalRepresentative: enterprise.legalRepresentative,
      registeredCapitalWanYuan: enterprise.registeredCapitalWanYuan,
      address: enterprise.address,
      divisionCode: enterprise.divisionCode,
      industryCode: enterprise.industryCode,
      businessScope: enterprise.businessScope,
      establishedOn: enterprise.establishedOn,
      parentUscc: enterprise.parentUscc ?? null,
      status: enterprise.status,
      version: enterprise.version,
    },
  };
}
