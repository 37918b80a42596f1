import { GraphQLJSON, GraphQLJSONObject } from 'graphql-scalars';
import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { DomainError, ErrorCode } from '../domain/errors.js';
import { inboundFieldsView } from '../domain/sharing/inbound-view.js';
import { ConnectorInboundRecord } from '../entities/connector-inbound-record.js';
import { SourcedRecord } from '../entities/connector-sourced-record.js';
import { sharingStateOf } from '../schema/sharing-state.js';
import type { HubContext } from '../schema/context.js';

/**
 * Values departments sent in, under the sharing policy of the record they belong to: an
 * administrator sees which department wrote what and when, but a value only as anyone else would.
 */
@Resolver(() => SourcedRecord)
export class SourcedRecordResolver {
  @FieldResolver(() => GraphQLJSONObject, {
    description:
      'The values as sent, each readable under the sharing policy of the record type; FORBIDDEN (naming the fields) if any is not for this credential.',
  })
  fields(@Root() record: SourcedRecord, @Ctx() context: HubContext): Record<string, unknown> {
    const view = inboundFieldsView(
      context.sharing.current,
      sharingStateOf(context).reader,
      record.recordType,
      record.fields,
      context.purpose,
    );
    if (view.withheld.length > 0) {
      throw new DomainError(
        ErrorCode.FORBIDDEN,
        `${view.typeName ?? record.recordType} fields ${view.withheld.join(', ')} of ${record.naturalKey} are not shared with this credential for ${context.purpose ? `purpose "${context.purpose}"` : 'a request without a stated purpose (X-Purpose)'}; a grant of the owner's data is needed.`,
        'SourcedRecord.fields',
      );
    }
    for (const field of view.conditionalFields)
      context.accessLog.recordRead(view.typeName!, record.id, subjectOf(record.recordType, record.naturalKey), field);
    return view.fields;
  }
}

@Resolver(() => ConnectorInboundRecord)
export class InboundPayloadResolver {
  @FieldResolver(() => GraphQLJSON, {
    description:
      'The record as sent, its `fields` cut to what this credential may read under the sharing policy; `withheldFields` names the rest.',
  })
  payload(@Root() record: ConnectorInboundRecord, @Ctx() context: HubContext): unknown {
    const raw = record.payload;
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return raw;
    // The envelope's own keys are the record's identity; anything else the sender put beside them is withheld.
    const { id, type, key, fields, ...beside } = raw as Record<string, unknown>;
    const envelope = { id, type, key };
    const besideKeys = Object.keys(beside);
    const given = fields !== null && typeof fields === 'object' && !Array.isArray(fields) ? (fields as Record<string, unknown>) : {};
    const view = inboundFieldsView(context.sharing.current, sharingStateOf(context).reader, record.recordType, given, context.purpose);
    for (const field of view.conditionalFields)
      context.accessLog.recordRead(view.typeName!, record.id, subjectOf(record.recordType, record.naturalKey ?? ''), field);
    const withheld = [...view.withheld, ...besideKeys];
    return { ...envelope, fields: view.fields, ...(withheld.length > 0 ? { withheldFields: withheld } : {}) };
  }
}

const subjectOf = (recordType: string, key: string): string | null => (recordType === 'enterprise' && key.length === 18 ? key : null);
