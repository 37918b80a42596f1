import { ACKNOWLEDGEMENT_TYPE } from '../inbound-record-types.js';
import { applyAcknowledgement } from './acknowledgement-record.js';
import { applyCaseRecord } from './case-record.js';
import { applyEnterpriseRecord } from './enterprise-record.js';
import type { InboundApplication, InboundApplier } from './inbound-application.js';
import { applyLicenceRecord } from './licence-record.js';
import { applyTradeRecord } from './trade-record.js';

/** How each record type a department sends in reaches the hub's own records. */
const appliers: Record<string, InboundApplier> = {
  [ACKNOWLEDGEMENT_TYPE]: applyAcknowledgement,
  enterprise: applyEnterpriseRecord,
  trade: applyTradeRecord,
  case: applyCaseRecord,
  licence: applyLicenceRecord,
};

/**
 * Applies a checked record inside a savepoint of the caller's transaction: a refused record rolls
 * back what it began and leaves the transaction fit to keep the record with its reason.
 */
export function applyInboundRecord(type: string, application: InboundApplication): Promise<void> {
  const applier = appliers[type];
  if (!applier) throw new Error(`no applier for inbound record type ${type}`);
  return application.tx.transactional((savepoint) => applier({ ...application, tx: savepoint }));
}
