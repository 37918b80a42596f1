import { createHash } from 'node:crypto';
import { LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/sql';
import { v7 as uuidv7 } from 'uuid';
import { InboundStatus } from '../../domain/connectors/connector-kind.js';
import { checkInboundRecord, type CheckedRecord } from '../../domain/connectors/inbound-record.js';
import { ACKNOWLEDGEMENT_TYPE } from '../../domain/connectors/inbound-record-types.js';
import { ReceiptStatus } from '../../domain/registration/registration-kind.js';
import type { Connector } from '../../entities/connector.js';
import { ConnectorInboundRecord } from '../../entities/connector-inbound-record.js';
import { SourcedRecord, type FieldSource } from '../../entities/connector-sourced-record.js';
import type { SharingPolicySnapshot } from '../../domain/sharing/sharing-policy-snapshot.js';
import type { Logger } from '../../server/logger.js';
import type { ConnectorMetrics } from '../metrics.js';
import { quietly, run } from '../background.js';

export interface InboundOutcome {
  sourceEventId: string;
  status: 'APPLIED' | 'DUPLICATE' | 'REJECTED';
  reason?: string;
}

export interface InboundContext {
  /** The sharing policy in force: its field owners take precedence over the record types' table. */
  sharing?: { readonly current: SharingPolicySnapshot };
  /** Where refusals are logged; they are kept in `connector_inbound_record` either way. */
  logger?: Logger;
  metrics?: ConnectorMetrics;
}

/**
 * Takes one record from a department system (webhook, pull or file alike): checks it, applies it
 * and keeps it, in one transaction. A record whose source id was applied before is a duplicate
 * and changes nothing; a refused one is kept with its reason (visible in `inboundRecords`) and
 * writes nothing else; sending it again, corrected, with the same id applies it.
 */
export async function receiveRecord(em: EntityManager, connector: Connector, raw: unknown, context: InboundContext): Promise<InboundOutcome> {
  const policy = context.sharing?.current;
  const checked = checkInboundRecord(raw, connector.department.code, connector.eventTypes, (typeName, fieldName) => policy?.ruleFor(typeName, fieldName)?.ownerCode);
  const sourceEventId = checked.envelope.id ?? `unidentified:${createHash('sha256').update(JSON.stringify(raw) ?? '').digest('hex')}`;
  let outcome: InboundOutcome;
  try {
    const fork = em.fork();
    outcome = await fork.transactional(async (tx) => {
      const existing = await tx.findOne(ConnectorInboundRecord, { connector: connector.id, sourceEventId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (existing?.status === InboundStatus.APPLIED) return { sourceEventId, status: 'DUPLICATE' as const };
      const reason = checked.ok ? await apply(tx, connector, checked, sourceEventId) : checked.reason;
      const record = existing ?? tx.create(ConnectorInboundRecord, { connector: connector.id, sourceEventId, recordType: '', payload: null, status: InboundStatus.REJECTED });
      record.recordType = (checked.envelope.type ?? '').slice(0, 64) || 'unknown';
      record.naturalKey = checked.envelope.key?.slice(0, 128) ?? null;
      record.payload = raw ?? null;
      record.status = reason ? InboundStatus.REJECTED : InboundStatus.APPLIED;
      record.reason = reason;
      record.receivedAt = new Date();
      return reason ? { sourceEventId, status: 'REJECTED' as const, reason } : { sourceEventId, status: 'APPLIED' as const };
    }, quietly(fork));
  } catch (error) {
    // The same record arrived twice at once: the other transaction applied it.
    if (error instanceof UniqueConstraintViolationException) outcome = { sourceEventId, status: 'DUPLICATE' };
    else throw error;
  }
  if (outcome.status === 'REJECTED') {
    context.logger?.warn({ connector: connector.name, department: connector.department.code, sourceEventId, reason: outcome.reason }, 'inbound record refused');
  }
  context.metrics?.inbound.inc({ connector: connector.name, outcome: outcome.status.toLowerCase() });
  return outcome;
}

/** Writes a checked record; returns a reason instead when the record cannot apply (nothing written then). */
async function apply(tx: EntityManager, connector: Connector, checked: Extract<CheckedRecord, { ok: true }>, sourceEventId: string): Promise<string | null> {
  const { envelope, fields } = checked;
  if (envelope.type === ACKNOWLEDGEMENT_TYPE) {
    const updated = (await run(tx, 
      `update registration_receipt set status = ?, last_error = null, updated_at = now() where registration_id = ? and department_id = ?`,
      [ReceiptStatus.ACKNOWLEDGED, envelope.key, connector.department.id],
      'run',
    )) as { affectedRows: number };
    return updated.affectedRows === 0 ? `key: no registration ${envelope.key} was handed to ${connector.department.code}` : null;
  }
  await run(tx, 
    `insert into sourced_record (id, record_type, natural_key, fields, sources, updated_at) values (?, ?, ?, '{}', '{}', now())
     on conflict (record_type, natural_key) do nothing`,
    [uuidv7(), envelope.type, envelope.key],
    'run',
  );
  const sourced = await tx.findOneOrFail(SourcedRecord, { recordType: envelope.type, naturalKey: envelope.key }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  const at = new Date().toISOString();
  const sources: Record<string, FieldSource> = { ...sourced.sources };
  for (const field of Object.keys(fields)) sources[field] = { department: connector.department.code, sourceEventId, at };
  sourced.fields = { ...sourced.fields, ...fields };
  sourced.sources = sources;
  sourced.updatedAt = new Date();
  return null;
}
