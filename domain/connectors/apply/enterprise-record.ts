import { LockMode } from '@mikro-orm/core';
import { Enterprise } from '../../../entities/enterprise.js';
import { SourcedRecord, type FieldSource } from '../../../entities/connector-sourced-record.js';
import type { InboundApplier } from './inbound-application.js';
import { InboundRefusal } from './inbound-refusal.js';
import { ensureSourcedRecord } from './sourced-record-store.js';

/**
 * What the tax, social-insurance and statistics systems know about a registered enterprise. The
 * registry has no columns for it: each field is kept, with the department and source event it
 * came from, in the enterprise's sourced record, and read through the Enterprise type.
 */
export const applyEnterpriseRecord: InboundApplier = async ({ tx, connector, sourceEventId, key, fields }) => {
  if (!(await tx.count(Enterprise, { uscc: key }))) {
    throw new InboundRefusal(`key: no enterprise ${key} is in the registry; a department's records follow the registration it was handed`);
  }
  await ensureSourcedRecord(tx, 'enterprise', key);
  const sourced = await tx.findOneOrFail(
    SourcedRecord,
    { recordType: 'enterprise', naturalKey: key },
    { lockMode: LockMode.PESSIMISTIC_WRITE },
  );
  const at = new Date().toISOString();
  const sources: Record<string, FieldSource> = { ...sourced.sources };
  for (const field of Object.keys(fields)) sources[field] = { department: connector.department.code, sourceEventId, at };
  sourced.fields = { ...sourced.fields, ...fields };
  sourced.sources = sources;
  sourced.updatedAt = new Date();
};
