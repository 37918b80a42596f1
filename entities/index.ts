import { AccessLogEntry } from './access-log-entry.js';
import { AcceptanceRuleSetting } from './acceptance-rule-setting.js';
import { ApiCredential } from './api-credential.js';
import { CalendarDay } from './calendar-day.js';
import { ServiceCase } from './case.js';
import { CaseStatusChange } from './case-status-change.js';
import { Clerk } from './clerk.js';
import { Connector } from './connector.js';
import { ConnectorInboundRecord } from './connector-inbound-record.js';
import { SourcedRecord } from './connector-sourced-record.js';
import { Delivery } from './delivery.js';
import { DeliveryAttempt } from './delivery-attempt.js';
import { Department } from './department.js';
import { Enterprise } from './enterprise.js';
import { EnterpriseChange } from './enterprise-change.js';
import { ImportJob } from './import-job.js';
import { IntegratedCertificate } from './integrated-certificate.js';
import { Licence } from './licence.js';
import { LicenceStatusChange } from './licence-status-change.js';
import { LicenceType } from './licence-type.js';
import { LicenceUse } from './licence-use.js';
import { Matter } from './matter.js';
import { MatterVersion } from './matter-version.js';
import { OutboxEvent } from './outbox-event.js';
import { Registration } from './registration.js';
import { RegistrationReceipt } from './registration-receipt.js';
import { SigningKey } from './signing-key.js';
import { Trade } from './trade.js';
import { TradeStatusChange } from './trade-status-change.js';
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
  LicenceType,
  LicenceStatusChange,
  LicenceUse,
  SigningKey,
  Registration,
  RegistrationReceipt,
  Connector,
  Delivery,
  DeliveryAttempt,
  ConnectorInboundRecord,
  SourcedRecord,
  Trade,
  TradeStatusChange,
  Matter,
  MatterVersion,
  SharingPolicy,
  SharingGrant,
  AccessLogEntry,
  CalendarDay,
  AcceptanceRuleSetting,
  ServiceCase,
  CaseStatusChange,
  ImportJob,
];
