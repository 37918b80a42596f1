import { AccessLogEntry } from './access-log-entry.js';
import { ApiCredential } from './api-credential.js';
import { Clerk } from './clerk.js';
import { Department } from './department.js';
import { Enterprise } from './enterprise.js';
import { EnterpriseChange } from './enterprise-change.js';
import { IntegratedCertificate } from './integrated-certificate.js';
import { Licence } from './licence.js';
import { OutboxEvent } from './outbox-event.js';
import { Registration } from './registration.js';
import { RegistrationReceipt } from './registration-receipt.js';
import { SharingGrant } from './sharing-grant.js';
import { SharingPolicy } from './sharing-policy.js';

/** Every entity the ORM knows; the migrations are generated from exactly this list. */
export const allEntities = [
  Department,
  Clerk,
  ApiCredential,
  OutboxEvent,
  Enterprise,
  EnterpriseChange,
  IntegratedCertificate,
  Licence,
  Registration,
  RegistrationReceipt,
  SharingPolicy,
  SharingGrant,
  AccessLogEntry,
];
