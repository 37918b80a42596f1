import { policyWriterOf } from '../../domain/sharing/record-facts.js';
import { createHash } from 'node:crypto';
import { LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/sql';
import { InboundStatus } from '../../entities/inbound-status.js';
import { checkInboundRecord } from '../../domain/connectors/inbound-record.js';
import { defangValue } from '../../domain/text/text-hygiene.js';
import { applyInboundRecord } from '../../domain/connectors/apply/apply-inbound-record.js';
import { connectorPrincipal } from '../../domain/connectors/apply/connector-principal.js';
import { CreatedConcurrently } from '../../domain/connectors/apply/inbound-application.js';
import { refusalReason } from '../../domain/connectors/apply/inbound-refusal.js';
import type { Connector } from '../../entities/connector.js';
import { ConnectorInboundRecord } from '../../entities/connector-inbound-record.js';
import type { SharingPolicySnapshot } from '../../domain/sharing/sharing-policy-snapshot.js';
import type { Logger } from '../../support/logger.js';
import type { ConnectorMetrics } from '../metrics.js';
import { quietly } from '../background.js';

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

const MAX_ATTEMPTS = 3;

class LostRace extends Error {
  constructor(override readonly cause: Error) {
    super('a concurrent record created the same row');
  }
}

/**
 * Takes one record from a department system (webhook, pull or file alike): checks it, applies it
 * to the hub's records and keeps it, in one transaction. A record whose source id was applied
 * before is a duplicate and changes nothing; a refused one is kept with its reason (visible in
 * `inboundRecords`) and writes nothing else; sending it again, corrected, with the same id applies it.
 */
export async function receiveRecord(
  em: EntityManager,
  connector: Connector,
  raw: unknown,
  context: InboundContext,
): Promise<InboundOutcome> {
  const policy = context.sharing?.current;
  const checked = checkInboundRecord(raw, connector.department.code, connector.eventTypes, (typeName, fieldName) =>
    policyWriterOf(policy?.ruleFor(typeName, fieldName), typeName),
  );
  const sourceEventId =
    checked.envelope.id ??
    `unidentified:${createHash('sha256')
      .update(JSON.stringify(raw) ?? '')
      .digest('hex')}`;
  let outcome: InboundOutcome | null = null;
  for (let attempt = 1; !outcome; attempt += 1) {
    try {
      const fork = em.fork();
      outcome = await fork.transactional(async (tx) => {
        const existing = await tx.findOne(
          ConnectorInboundRecord,
          { connector: connector.id, sourceEventId },
          { lockMode: LockMode.PESSIMISTIC_WRITE },
        );
        if (existing?.status === InboundStatus.APPLIED) return { sourceEventId, status: 'DUPLICATE' as const };
        let reason = checked.ok ? null : checked.reason;
        if (checked.ok) {
          try {
            await applyInboundRecord(checked.envelope.type, {
              tx,
              connector,
              principal: connectorPrincipal(connector),
              sourceEventId,
              key: checked.envelope.key,
              fields: checked.fields,
            });
          } catch (error) {
            if (error instanceof UniqueConstraintViolationException || error instanceof CreatedConcurrently) throw new LostRace(error);
            reason = refusalReason(error);
            if (reason === null) throw error;
          }
        }
        const record =
          existing ??
          tx.create(ConnectorInboundRecord, {
            connector: connector.id,
            sourceEventId,
            recordType: '',
            payload: null,
            status: InboundStatus.REJECTED,
          });
        record.recordType = (checked.envelope.type ?? '').slice(0, 64) || 'unknown';
        record.naturalKey = checked.envelope.key?.slice(0, 128) ?? null;
        // As received, but with any character the text rules refuse written out (it may be why it was refused).
        record.payload = (defangValue(raw) as object) ?? null;
        record.status = reason ? InboundStatus.REJECTED : InboundStatus.APPLIED;
        record.reason = reason;
        record.receivedAt = new Date();
        return reason ? { sourceEventId, status: 'REJECTED' as const, reason } : { sourceEventId, status: 'APPLIED' as const };
      }, quietly(fork));
    } catch (error) {
      // Another record of the same trade or case was applied at the same moment (it created the row
      // this one meant to create): applied again, this record finds it and takes its next step.
      if (error instanceof LostRace && attempt < MAX_ATTEMPTS) continue;
      if (error instanceof LostRace) throw error.cause;
      // The same record arrived twice at once: the other transaction kept it.
      if (error instanceof UniqueConstraintViolationException) outcome = { sourceEventId, status: 'DUPLICATE' };
      else throw error;
    }
  }
  if (outcome.status === 'REJECTED') {
    context.logger?.warn(
      { connector: connector.name, department: connector.department.code, sourceEventId, reason: outcome.reason },
      'inbound record refused',
    );
  }
  context.metrics?.inbound.inc({ connector: connector.name, outcome: outcome.status.toLowerCase() });
  return outcome;
}
