import { acknowledgeReceipt } from '../../registration/receipt-transitions.js';
import type { InboundApplier } from './inbound-application.js';
import { InboundRefusal } from './inbound-refusal.js';

/** A department confirming it took a registration into its own system: its receipt becomes ACKNOWLEDGED. */
export const applyAcknowledgement: InboundApplier = async ({ tx, connector, key }) => {
  if ((await acknowledgeReceipt(tx, key, connector.department.id)) === 0)
    throw new InboundRefusal(`key: no registration ${key} was handed to ${connector.department.code}`);
};
