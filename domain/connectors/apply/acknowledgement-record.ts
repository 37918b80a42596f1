import { ReceiptStatus } from '../../../entities/registration-kind.js';
import type { InboundApplier } from './inbound-application.js';
import { InboundRefusal } from './inbound-refusal.js';

/** A department confirming it took a registration into its own system: its receipt becomes ACKNOWLEDGED. */
export const applyAcknowledgement: InboundApplier = async ({ tx, connector, key }) => {
  const updated = (await tx.execute(
    `update registration_receipt set status = ?, last_error = null, next_attempt_at = null, updated_at = now() where registration_id = ? and department_id = ?`,
    [ReceiptStatus.ACKNOWLEDGED, key, connector.department.id],
    'run',
    tx.getLoggerContext(),
  )) as { affectedRows: number };
  if (updated.affectedRows === 0) throw new InboundRefusal(`key: no registration ${key} was handed to ${connector.department.code}`);
  return [];
};
